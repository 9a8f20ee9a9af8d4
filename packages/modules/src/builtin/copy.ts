import { sh, defineModule, ModuleFailure, type ModuleContext, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { followed, parseStatLines, probeFiles, statLines, type FileState } from './util/file-state.js';
import { namesToResolve } from './util/fs-attributes.js';
import { pathInfo } from './util/path-info.js';
import { writeFileAtomic, tempPathFor } from './util/atomic-write.js';
import { readControllerFile } from './util/controller-file.js';
import { fileDiff } from './util/file-diff.js';
import { formatMode } from './util/file-mode.js';
import { fileCommonProperties } from './util/file-common-args.js';
import { contentBytes, isLocalDir, walkSources, type Sources } from './copy-sources.js';
import { pathsFor, planCopyFile, type CopyFileArgs, type CopyStep } from './copy-file.js';
import { ensureDirectory, ensureSymlink, type FileParams } from './file-ensure.js';
import { expandTildes } from './util/remote-path.js';

export interface CopyArgs {
  src?: string;
  content?: unknown;
  dest?: string;
  backup?: boolean;
  force?: boolean;
  validate?: string;
  directory_mode?: unknown;
  remote_src?: boolean;
  local_follow?: boolean;
  checksum?: string;
  follow?: boolean;
  decrypt?: boolean;
  mode?: unknown;
  owner?: string;
  group?: string;
}

export interface CopyActions {
  steps: CopyStep[];
  /** The result when several files were copied (a directory); else the one step's result. */
  summary?: ModuleResult;
}

const joinPath = (a: string, b: string) => (a.endsWith('/') ? a + b : `${a}/${b}`);

/**
 * The action plugin writes `content` to a controller temp file and reports that path as `src`
 * when no module ran (force: false on an existing file); it removes the file again. So do we.
 */
export function contentTempfile(data: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgplay-local-'));
  const path = join(dir, `tmp${randomBytes(4).toString('hex')}`);
  writeFileSync(path, data);
  rmSync(dir, { recursive: true, force: true });
  return path;
}

/** The action plugin's argument checks, in its order. */
function checkArgs(a: CopyArgs): void {
  if (!a.src && (a.content === undefined || a.content === null)) throw new ModuleFailure('src (or content) is required');
  if (!a.dest) throw new ModuleFailure('dest is required');
  if (a.src && a.content !== undefined && a.content !== null) throw new ModuleFailure('src and content are mutually exclusive');
  if (a.content !== undefined && a.content !== null && a.dest.endsWith('/')) throw new ModuleFailure('can not use content with a dir as dest');
}

interface Source {
  sources: Sources;
  /** The local source as the result's `src` reports it (directories). */
  shown?: string;
  read: (full: string) => Buffer;
  content: boolean;
  /** The bytes travel in the plan (content, renderings), not as a controller path. */
  inMemory?: boolean;
}

/** A source made on the controller (template's rendering): reported under `path`, never re-read. */
export interface RenderedSource {
  data: Buffer;
  path: string;
}

function localSources(a: CopyArgs, ctx: ModuleContext, rendered?: RenderedSource): Source {
  if (rendered) return { sources: { files: [[rendered.path, rendered.path.slice(rendered.path.lastIndexOf('/') + 1)]], directories: [], symlinks: [] }, read: () => rendered.data, content: false, inMemory: true };
  if (a.content !== undefined && a.content !== null) {
    const data = contentBytes(a.content);
    return { sources: { files: [['<content>', 'content']], directories: [], symlinks: [] }, read: () => data, content: true, inMemory: true };
  }
  const trailing = a.src!.endsWith('/');
  let found = ctx.controller.findFile('files', a.src!);
  if (!found) throw new ModuleFailure(`Could not find or access '${a.src}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`);
  if (trailing !== found.endsWith('/')) found = trailing ? `${found}/` : found.replace(/\/+$/, '');
  const read = (p: string) => readControllerFile(ctx.controller, p, a.decrypt !== false);
  if (!isLocalDir(found)) return { sources: { files: [[found, found.slice(found.lastIndexOf('/') + 1)]], directories: [], symlinks: [] }, read, content: false };
  return { sources: walkSources(found, a.local_follow !== false), shown: found, read, content: false };
}

async function planRemoteSrc(a: CopyArgs, ctx: ModuleContext): Promise<{ changed: boolean; actions: CopyActions; result: ModuleResult }> {
  const src = a.src!;
  const dest = a.dest!;
  const probe = await probeFiles(ctx.host, { paths: [src, ...pathsFor(dest, src.slice(src.lastIndexOf('/') + 1))], follow: true, checksum: 'sha1', ...namesToResolve(a) });
  const get = (p: string): FileState => probe.files.find((f) => f.path === p) ?? { path: p, exists: false };
  const s = followed(get(src));
  if (!s.exists) throw new ModuleFailure(`Source ${src} not found`);
  if (s.type === 'directory') throw new ModuleFailure('copy with remote_src of a directory is not supported by pgplay yet');
  const md5 = (await ctx.host.exec(sh`md5sum < ${src} | cut -d' ' -f1`, { resident: true })).stdout.trim();
  const args = copyFileArgs(a.mode === 'preserve' ? { ...a, mode: formatMode(s.mode!) } : a, dest);
  const data = Buffer.alloc(0);
  const one = planCopyFile(data, src.slice(src.lastIndexOf('/') + 1), args, get, probe, { check: false, content: false, source: { remote: src }, remoteChecksum: s.checksum ?? '' });
  const result: ModuleResult = { ...one!.result, src, md5sum: md5 };
  delete result['diff'];
  if (one!.step?.kind === 'write') one!.step.result = result;
  return { changed: one!.changed, actions: { steps: one!.step ? [one!.step] : [] }, result: ctx.check ? { dest: result['dest'], src, md5sum: md5, checksum: s.checksum, changed: one!.changed, ...pathInfo(get(String(result['dest']))) } : result };
}

function copyFileArgs(a: CopyArgs, dest: string, follow = a.follow === true): CopyFileArgs {
  return {
    dest, force: a.force !== false, follow, ...(a.follow !== undefined ? { followGiven: a.follow } : {}), mode: a.mode, owner: a.owner ?? null, group: a.group ?? null,
    backup: a.backup === true, validate: a.validate ?? null, directoryMode: a.directory_mode, ...(a.checksum ? { checksumArg: a.checksum } : {}),
  };
}

/** ansible.builtin.copy: the action plugin's decisions and the module's, from one probe of every destination. */
export default defineModule<CopyArgs, CopyActions>({
  name: 'ansible.builtin.copy',
  aliases: ['copy'],
  doc: { short: 'Copy files to remote locations' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      src: { type: 'string', 'x-type': 'path', description: 'Local path of a file or directory (relative: files/ then the playbook directory); with remote_src a path on the host.' },
      // Not x-no-log: ansible's copy action keeps `content` from the module (it becomes a temp file),
      // so the module's no_log values never hold it and results and diffs show it.
      content: { 'x-type': 'raw', description: 'The file content, instead of src (dicts and lists are written as JSON).' },
      dest: { type: 'string', 'x-type': 'path', description: 'Remote absolute path where the file should be copied to.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp information.' },
      force: { type: 'boolean', default: true, 'x-aliases': ['thirsty'], description: 'Replace the file when its content differs; false: only when it does not exist.' },
      validate: { type: 'string', description: 'Validation command run on the new file before it replaces dest; %s is its path.' },
      directory_mode: { 'x-type': 'raw', description: 'Mode of directories created by a recursive copy.' },
      remote_src: { type: 'boolean', default: false, description: 'src is on the remote host.' },
      local_follow: { type: 'boolean', default: true, description: 'Follow symlinks in the local source.' },
      checksum: { type: 'string', description: 'SHA1 checksum the copied file must have.' },
      follow: { type: 'boolean', default: false, description: 'Follow symlinks at the destination.' },
      decrypt: { type: 'boolean', default: true, description: 'Decrypt vault-encrypted source files.' },
      ...fileCommonProperties,
    },
  },
  returns: {
    dest: { description: 'Destination file/path.', returned: 'success', type: 'str' },
    src: { description: 'Source file used for the copy on the target machine.', returned: 'changed', type: 'str' },
    checksum: { description: 'SHA1 checksum of the file after running copy.', returned: 'success', type: 'str' },
    md5sum: { description: 'MD5 checksum of the file after running copy.', returned: 'when supported', type: 'str' },
    backup_file: { description: 'Name of backup file created.', returned: 'changed and if backup=yes', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck(args, ctx) {
    const src = args['src'];
    if (typeof src !== 'string' || ctx.isTemplate(src) || args['remote_src'] === true || ctx.isTemplate(args['remote_src'])) return [];
    if (args['remote_src'] !== undefined && args['remote_src'] !== false && args['remote_src'] !== 'no' && args['remote_src'] !== 'false') return [];
    if (ctx.findFile('files', src.replace(/(.)\/+$/, '$1'))) return [];
    return [{ code: 'file-not-found', option: 'src', message: `Could not find or access '${src}' on the Ansible Controller (looked in files/ and the playbook directory); with remote_src: true src is a path on the host` }];
  },
  plan: (a, ctx) => planCopy(a, ctx),
  apply: applyCopy,
});

/** The copy action's plan; template calls it with its rendering as the source. */
export async function planCopy(raw: CopyArgs, ctx: ModuleContext, rendered?: RenderedSource): Promise<Plan<CopyActions>> {
    checkArgs(raw);
    const a = raw.remote_src ? await expandTildes(ctx, raw, ['dest', 'src']) : await expandTildes(ctx, raw, ['dest'], 'action');
    if (a.remote_src) return planRemoteSrc(a, ctx);
    const src = localSources(a, ctx, rendered);
    const { files, directories, symlinks } = src.sources;
    let dest = a.dest!;
    if (src.shown && !dest.endsWith('/')) dest += '/';
    const paths = new Set<string>();
    for (const [, rel] of files) for (const p of pathsFor(dest, rel)) paths.add(p);
    for (const [, rel] of [...directories, ...symlinks]) paths.add(joinPath(dest, rel));
    const probe = await probeFiles(ctx.host, { paths: [...paths], follow: true, checksum: 'sha1', ...namesToResolve(a) });
    const byPath = new Map(probe.files.map((f) => [f.path, f]));
    // Probed paths carry no trailing slash; ansible's os calls ignore one.
    const get = (p: string): FileState => byPath.get(p.replace(/(.)\/+$/, '$1')) ?? { path: p, exists: false };
    const steps: CopyStep[] = [];
    let changed = false;
    let last: ModuleResult = { changed: false };
    let executed = false;
    for (const [full, rel] of files) {
      const data = src.read(full);
      const lmode = a.mode === 'preserve' && !src.content ? '0' + (statSync(full).mode & 0o7777).toString(8).padStart(3, '0') : undefined;
      const args = copyFileArgs(a, dest, directories.length ? false : a.follow === true);
      const one = planCopyFile(data, rel, args, get, probe, { check: ctx.check, content: src.content, source: src.inMemory ? { content: data.toString('base64') } : { local: full, decrypt: raw.decrypt !== false }, ...(lmode ? { lmode } : {}) });
      if (!one) continue;
      if (ctx.diff && one.destFile && (one.failure || (one.changed && (ctx.check || one.step?.kind === 'write')))) {
        const d = await fileDiff(ctx.host, one.destFile, data, src.content ? one.destFile : full);
        one.result['diff'] = [d];
        if (one.step) one.step.result['diff'] = [d];
        if (one.failure) one.failure.result['diff'] = [d];
      }
      if (one.failure) throw one.failure;
      if (one.step) steps.push(one.step);
      changed ||= one.changed;
      last = one.result;
      executed = true;
    }
    const common = { owner: a.owner ?? null, group: a.group ?? null, mtime: null, atime: null, recurse: false, force: true } as const;
    for (const [, rel] of directories) {
      const p: FileParams = { ...common, path: joinPath(dest, rel), state: 'directory', src: null, follow: a.follow ?? true, mode: a.directory_mode };
      const e = ensureDirectory(p, get, probe, ctx.check, undefined);
      steps.push({ kind: 'commands', commands: e.commands, infoPath: e.infoPath, result: e.result });
      changed ||= e.changed;
      last = e.result;
      executed = true;
    }
    for (const [target, rel] of symlinks) {
      const p: FileParams = { ...common, path: joinPath(dest, rel), state: 'link', src: target, follow: directories.length ? false : a.follow ?? true, mode: a.mode === 'preserve' ? undefined : a.mode };
      const e = ensureSymlink(p, get, probe, ctx.check, undefined);
      steps.push({ kind: 'commands', commands: e.commands, infoPath: e.infoPath, result: e.result });
      changed ||= e.changed;
      last = e.result;
      executed = true;
    }
    if (executed && files.length === 1) {
      const result = { ...last };
      if ('path' in result && !('dest' in result)) result['dest'] = result['path'];
      return { changed, actions: { steps }, result };
    }
    const summary = { dest, src: rendered?.path ?? src.shown ?? a.src ?? contentTempfile(src.read('')), changed };
    return { changed, actions: { steps, summary }, result: summary };
}

export async function applyCopy(plan: Plan<CopyActions>, ctx: ModuleContext): Promise<ModuleResult> {
  const { steps, summary } = plan.actions!;
  let last: ModuleResult = {};
  for (const step of steps) last = await runStep(step, ctx);
  if (summary) return { ...summary };
  if ('path' in last && !('dest' in last)) last['dest'] = last['path'];
  return last;
}

async function runStep(step: CopyStep, ctx: ModuleContext): Promise<ModuleResult> {
  if (step.kind === 'commands') {
    const script = step.commands.reduce((acc, c) => sh`${acc}${c} || exit 1; `, sh``);
    const r = await ctx.host.exec(sh`${script}${statLines(step.infoPath)}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || 'file operation failed', { path: step.infoPath });
    return { ...step.result, ...pathInfo(parseStatLines(step.infoPath, r.stdout)) };
  }
  if (step.mkdirs.length) {
    const r = await ctx.host.exec(sh`mkdir -p -- ${step.mkdirs}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim());
  }
  const tmp = tempPathFor(step.dest);
  const data = step.source.local !== undefined ? readControllerFile(ctx.controller, step.source.local, step.source.decrypt !== false) : step.source.content !== undefined ? Buffer.from(step.source.content, 'base64') : Buffer.alloc(0);
  let w;
  try {
    w = await writeFileAtomic(ctx.host, step.dest, data, { ...step.opts, tmp, ...(step.source.remote !== undefined ? { fromRemote: step.source.remote } : {}) });
  } catch (e) {
    // _copy_file merges the module's failure into its own result: the diff list and the checksum.
    if (e instanceof ModuleFailure) throw new ModuleFailure(e.message, { ...(step.source.remote === undefined ? { diff: step.result['diff'] } : {}), checksum: step.result['checksum'], ...e.result });
    throw e;
  }
  const result: ModuleResult = { ...step.result, src: step.source.remote ?? tmp, ...(w.backupFile ? { backup_file: w.backupFile } : {}), ...pathInfo(w.after) };
  return result;
}
