import { defineModule, sh, ModuleFailure, type ModuleResult, type ShellCommand } from '@pgplay/engine/module-api';
import { parseStatLines, probeFiles, statLines, type FileState } from './util/file-state.js';
import { namesToResolve } from './util/fs-attributes.js';
import { pathInfo } from './util/path-info.js';
import { defaultTime, timeSpec } from './util/file-times.js';
import { fileCommonProperties } from './util/file-common-args.js';
import { ensureAbsent, ensureDirectory, ensureFile, ensureHardlink, ensureSymlink, ensureTouch, getState, type Ensured, type FileParams } from './file-ensure.js';
import { expandTildes } from './util/remote-path.js';

interface FileArgsIn {
  path: string;
  state?: FileParams['state'];
  src?: string;
  recurse?: boolean;
  force?: boolean;
  follow?: boolean;
  mode?: unknown;
  owner?: string;
  group?: string;
  modification_time?: string;
  modification_time_format?: string;
  access_time?: string;
  access_time_format?: string;
}

interface FileActions {
  commands: ShellCommand[];
  result: ModuleResult;
  infoPath: string;
}

function ancestors(path: string): string[] {
  const parts = path.replace(/^\/+|\/+$/g, '').split('/');
  return parts.map((_, i) => (path.startsWith('/') ? '/' : '') + parts.slice(0, i + 1).join('/'));
}

/** fail_json adds path info too (for the `path` or `dest` of the failure). */
function withPathInfo(err: unknown, get: (p: string) => FileState): unknown {
  if (!(err instanceof ModuleFailure)) return err;
  const p = err.result['path'] ?? err.result['dest'];
  return typeof p === 'string' ? new ModuleFailure(err.message, { ...err.result, ...pathInfo(get(p)) }) : err;
}

/** ansible.builtin.file: one probe, the decision of file.py's ensure_* functions, one apply command. */
export default defineModule<FileArgsIn, FileActions>({
  name: 'ansible.builtin.file',
  aliases: ['file'],
  doc: { short: 'Manage files and file properties' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', 'x-type': 'path', 'x-aliases': ['dest', 'name'], description: 'Path to the file being managed.' },
      state: { type: 'string', enum: ['absent', 'directory', 'file', 'hard', 'link', 'touch'], description: 'What the path should be (default: what it is, else file).' },
      src: { type: 'string', 'x-type': 'path', description: 'Path of the file to link to (state link or hard).' },
      recurse: { type: 'boolean', default: false, description: 'Recursively set the specified file attributes on directory contents.' },
      force: { type: 'boolean', default: false, description: 'Create the link even if the source does not exist or the destination is a file or an empty directory.' },
      follow: { type: 'boolean', default: true, description: 'Set attributes on the target of a symlink.' },
      modification_time: { type: 'string', description: '`preserve`, `now` or a time in modification_time_format.' },
      modification_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'strptime format of modification_time.' },
      access_time: { type: 'string', description: '`preserve`, `now` or a time in access_time_format.' },
      access_time_format: { type: 'string', default: '%Y%m%d%H%M.%S', description: 'strptime format of access_time.' },
      _diff_peek: { type: 'boolean', 'x-internal': true, description: 'Internal: does the file look binary.' },
      _original_basename: { type: 'string', 'x-internal': true, description: 'Internal: basename of a copied file.' },
      ...fileCommonProperties,
    },
  },
  returns: {
    path: { description: 'Destination file/path, equal to the value passed to path.', returned: 'state=touch, hard, link', type: 'str' },
    dest: { description: 'Destination file/path, equal to the value passed to path.', returned: 'state=touch, hard, link', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  async plan(raw, ctx) {
    const a = await expandTildes(ctx, raw, ['path', 'src']);
    const src = a.src ?? null;
    const base = ancestors(a.path);
    const probe = await probeFiles(ctx.host, {
      paths: [...base, ...(src ? [src, src.startsWith('/') ? src : `${a.path.slice(0, a.path.lastIndexOf('/') + 1)}${src}`, `${a.path}/${src}`] : [])],
      follow: true, ...namesToResolve(a),
      // Only the states that need the tree list it (absent's path_content, recurse).
      ...(a.state === 'absent' || a.recurse ? { walk: [a.path] } : {}),
    });
    const byPath = new Map(probe.files.map((f) => [f.path, f]));
    const get = (p: string): FileState => byPath.get(p) ?? { path: p, exists: false };
    const prevState = getState(get(a.path));
    let state = a.state;
    if (state === undefined) state = prevState !== 'absent' ? (prevState as FileParams['state']) : a.recurse ? 'directory' : 'file';
    if (a.recurse && state !== 'directory') throw withPathInfo(new ModuleFailure("recurse option requires state to be 'directory'", { path: a.path }), get);
    if (src && state !== 'link' && state !== 'hard') throw withPathInfo(new ModuleFailure("src option requires state to be 'link' or 'hard'", { path: a.path }), get);
    // additional_parameter_handling: a hard link into a directory is made inside it.
    if (state === 'hard' && prevState === 'directory' && src) return this.plan({ ...a, path: `${a.path}/${src.slice(src.lastIndexOf('/') + 1)}` }, ctx);
    const p: FileParams = {
      path: a.path, state, src, recurse: a.recurse === true, force: a.force === true, follow: a.follow !== false,
      mode: a.mode, owner: a.owner ?? null, group: a.group ?? null,
      mtime: timeSpec(defaultTime(a.modification_time, state) ?? null, a.modification_time_format ?? '%Y%m%d%H%M.%S'),
      atime: timeSpec(defaultTime(a.access_time, state) ?? null, a.access_time_format ?? '%Y%m%d%H%M.%S'),
    };
    let walk = probe.walks[a.path];
    if (state === 'link' && prevState === 'directory' && a.force) {
      const ls = await ctx.host.exec(sh`ls -A -- ${a.path}`);
      walk = ls.stdout.split('\n').filter(Boolean).map((n) => ({ path: `${a.path}/${n}`, type: 'other' as const, followedType: 'other' as const, mode: 0, uid: 0, gid: 0 }));
    }
    let e: Ensured;
    try {
      e = state === 'absent' ? ensureAbsent(p, get, walk)
        : state === 'file' ? ensureFile(p, get, probe)
        : state === 'directory' ? ensureDirectory(p, get, probe, ctx.check, walk)
        : state === 'link' ? ensureSymlink(p, get, probe, ctx.check, walk)
        : state === 'hard' ? ensureHardlink(p, get, probe, ctx.check)
        : ensureTouch(p, get, probe, ctx.check);
    } catch (err) {
      throw withPathInfo(err, get);
    }
    if (e.warning) ctx.log.warn(e.warning);
    const info = pathInfo(get(e.infoPath));
    return { changed: e.changed, actions: { commands: e.commands, result: e.result, infoPath: e.infoPath }, result: { ...e.result, ...info } };
  },
  async apply(plan, ctx) {
    const { commands, result, infoPath } = plan.actions!;
    const script = commands.reduce((acc, c) => sh`${acc}${c} || exit 1; `, sh``);
    const r = await ctx.host.exec(sh`${script}${statLines(infoPath)}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || 'file operation failed', { path: infoPath });
    return { ...result, ...pathInfo(parseStatLines(infoPath, r.stdout)) };
  },
});
