import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { defineModule, sh, ModuleFailure, pyCompile, type ModuleContext, type ModuleResult, type Plan, type PyPattern } from '@pgplay/engine/module-api';
import { followed, probeFiles, type FileState } from './util/file-state.js';
import { namesToResolve } from './util/fs-attributes.js';
import { pathInfo } from './util/path-info.js';
import { resolveMode } from './util/file-mode.js';
import { tempPathFor, writeFileAtomic } from './util/atomic-write.js';
import { readControllerFile } from './util/controller-file.js';
import { fileCommonProperties } from './util/file-common-args.js';
import { contentTempfile } from './copy.js';
import { fileDiff } from './util/file-diff.js';
import { formatMode } from './util/file-mode.js';
import { parseStatLines, statLines } from './util/file-state.js';
import { assembleFragments, pyEscapeDecode, type Fragment } from './assemble-fragments.js';
import { expandTildes } from './util/remote-path.js';

interface AssembleArgs {
  src: string;
  dest: string;
  delimiter?: string;
  backup?: boolean;
  remote_src?: boolean;
  regexp?: string;
  ignore_hidden?: boolean;
  validate?: string;
  decrypt?: boolean;
  follow?: boolean;
  mode?: unknown;
  owner?: string;
  group?: string;
}

interface AssembleActions {
  remote: { data: string; result: ModuleResult; args: AssembleArgs; mode: number | null; tmp: string; write: boolean; copy: boolean };
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** The fragments on the host: names and types in one command, the chosen contents in a second. */
async function remoteFragments(a: AssembleArgs, ctx: ModuleContext): Promise<Fragment[]> {
  const ls = await ctx.host.exec(sh`[ -e ${a.src} ] || exit 3; [ -d ${a.src} ] || exit 4; cd ${a.src} && find . -mindepth 1 -maxdepth 1 -printf '%Y %P\\n'`);
  if (ls.rc === 3) throw new ModuleFailure(`Source (${a.src}) does not exist`);
  if (ls.rc === 4) throw new ModuleFailure(`Source (${a.src}) is not a directory`);
  const entries = ls.stdout.split('\n').filter(Boolean).map((l) => ({ name: l.slice(2), isFile: l[0] === 'f' }));
  const chosen = selectFragments(entries, a);
  if (!chosen.length) return [];
  const paths = chosen.map((n) => `${a.src.replace(/\/+$/, '')}/${n}`);
  const r = await ctx.host.exec(sh`for f in ${paths}; do base64 -w0 < "$f"; echo; done`);
  const lines = r.stdout.split('\n');
  return chosen.map((name, i) => ({ name, data: Buffer.from(lines[i] ?? '', 'base64') }));
}

/** sorted(os.listdir(src)), filtered by regexp (search), regular files, ignore_hidden. */
function selectFragments(entries: Array<{ name: string; isFile: boolean }>, a: AssembleArgs): string[] {
  // re.compile(regexp).search(name): Python's regex semantics, as the module has them.
  let re: PyPattern | undefined;
  try {
    re = a.regexp !== undefined ? pyCompile(a.regexp) : undefined;
  } catch (e) {
    throw new ModuleFailure(`Invalid Regexp (${(e as Error).message}) in "${a.regexp}"`);
  }
  return entries
    .map((e) => e)
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .filter((e) => (!re || re.search(e.name) !== null) && e.isFile && !(a.ignore_hidden && e.name.startsWith('.')))
    .map((e) => e.name);
}

async function planRemote(a: AssembleArgs, ctx: ModuleContext): Promise<Plan<AssembleActions>> {
  if (a.validate && !a.validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${a.validate}`);
  const data = assembleFragments(await remoteFragments(a, ctx), a.delimiter === undefined ? null : pyEscapeDecode(a.delimiter), true);
  return planWrite(a, ctx, data);
}

/**
 * The write both ways end in: the assemble module (remote fragments) or, for controller fragments,
 * the copy module the action calls directly. The action compares checksum_s(path) (the hash of
 * the temp file's *name*) with the destination's, so it always runs copy, and shows a diff.
 */
async function planWrite(a: AssembleArgs, ctx: ModuleContext, data: Buffer, local?: string): Promise<Plan<AssembleActions>> {
  const probe = await probeFiles(ctx.host, { paths: [a.dest], follow: true, checksum: 'sha1', ...namesToResolve(a) });
  const d = probe.files[0]!;
  const sum = sha1(data);
  const tmp = tempPathFor(a.dest);
  const base: ModuleResult = local !== undefined ? { dest: a.dest, src: tmp, md5sum: md5(data), checksum: sum } : { src: a.src, dest: a.dest, checksum: sum, md5sum: md5(data) };
  const cur = followed(d);
  const same = cur.exists && cur.checksum === sum;
  const now: FileState = same ? d : { ...d, exists: true, type: 'file', mode: cur.exists ? cur.mode : 0o666 & ~probe.umask, uid: cur.exists ? cur.uid : probe.uid, gid: cur.exists ? cur.gid : probe.gid };
  const mode = resolveMode(a.mode, a.dest, now.mode!, false, probe.umask);
  const uid = a.owner == null ? now.uid : /^\d+$/.test(a.owner) ? Number(a.owner) : probe.uids[a.owner];
  const gid = a.group == null ? now.gid : /^\d+$/.test(a.group) ? Number(a.group) : probe.gids[a.group];
  if (uid == null) throw new ModuleFailure(`chown failed: failed to look up user ${a.owner}`, { path: a.dest });
  if (gid == null) throw new ModuleFailure(`chgrp failed: failed to look up group ${a.group}`, { path: a.dest });
  const attrs = (mode !== null && mode !== now.mode) || uid !== now.uid || gid !== now.gid;
  const changed = !same || attrs;
  const own: ModuleResult = { ...base, changed, ...(local === undefined ? { msg: 'OK' } : {}) };
  if (local !== undefined && ctx.diff) {
    const diff = await fileDiff(ctx.host, a.dest, data, local);
    if (Object.keys(diff).length) own['diff'] = diff;
  }
  return { changed, result: { ...own, ...pathInfo(d) }, actions: { remote: { data: data.toString('base64'), result: own, args: a, mode, tmp, write: !same, copy: local !== undefined } } };
}

/** remote_src: false: the action assembles on the controller and hands the file to copy. */
async function planLocal(a: AssembleArgs, ctx: ModuleContext): Promise<Plan<AssembleActions>> {
  const src = ctx.controller.findFile('files', a.src);
  if (!src) throw new ModuleFailure(`Could not find or access '${a.src}' on the Ansible Controller.`);
  if (!statSync(src).isDirectory()) throw new ModuleFailure(`Source (${src}) is not a directory`);
  const entries = readdirSync(src).map((name) => ({ name, isFile: statSync(`${src}/${name}`).isFile() }));
  const fragments = selectFragments(entries, a).map((name) => ({ name, data: readControllerFile(ctx.controller, `${src}/${name}`, a.decrypt !== false) }));
  // The action's copy of the module's loop writes a newline after every delimiter (a bytes/str slip).
  const data = assembleFragments(fragments, a.delimiter === undefined ? null : pyEscapeDecode(a.delimiter), false);
  return planWrite(a, ctx, data, contentTempfile(data));
}

/** ansible.builtin.assemble: fragments joined as assemble.py joins them, written atomically. */
export default defineModule<AssembleArgs, AssembleActions>({
  name: 'ansible.builtin.assemble',
  aliases: ['assemble'],
  doc: { short: 'Assemble configuration files from fragments' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', 'x-type': 'path', description: 'A directory of fragments (on the host unless remote_src is false).' },
      dest: { type: 'string', 'x-type': 'path', description: 'A file to create using the concatenation of all of the source files.' },
      delimiter: { type: 'string', description: 'A delimiter to separate the file contents (escapes such as \\n are decoded).' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file (if true), including the timestamp information.' },
      remote_src: { type: 'boolean', default: true, description: 'false: the fragments are on the controller.' },
      regexp: { type: 'string', description: 'Assemble only files whose name matches this regular expression.' },
      ignore_hidden: { type: 'boolean', default: false, description: 'Ignore fragments whose name starts with a dot.' },
      validate: { type: 'string', description: 'Validation command run on the assembled file before it replaces dest; %s is its path.' },
      decrypt: { type: 'boolean', default: true, description: 'Decrypt vaulted fragments (remote_src: false).' },
      follow: { type: 'boolean', default: false, description: 'Follow symlinks at the destination.' },
      ...fileCommonProperties,
    },
  },
  returns: { dest: { description: 'The assembled file.', type: 'str' }, checksum: { description: 'SHA1 of the assembled file.', type: 'str' } },
  capabilities: { check: 'full', diff: 'partial' },
  async plan(a, ctx) {
    // The assemble action declares no check mode: ansible skips it under --check.
    if (ctx.check) return { changed: false, result: { changed: false, skipped: true, msg: 'check mode is not supported for this task.' } };
    const x = a.remote_src === false ? await expandTildes(ctx, a, ['dest'], 'action') : await expandTildes(ctx, a, ['dest', 'src']);
    return x.remote_src === false ? planLocal(x, ctx) : planRemote(x, ctx);
  },
  async apply(plan, ctx) {
    const { data, result, args, mode, tmp, write, copy } = plan.actions!.remote;
    if (!write) {
      // Same content: only the attributes (set_fs_attributes_if_different).
      const r = await ctx.host.exec(sh`${mode !== null ? sh`chmod ${formatMode(mode)} ${args.dest} && ` : sh``}${args.owner != null ? sh`chown ${args.owner} ${args.dest} && ` : sh``}${args.group != null ? sh`chgrp ${args.group} ${args.dest} && ` : sh``}true; ${statLines(args.dest)}`);
      return { ...result, ...pathInfo(parseStatLines(args.dest, r.stdout)) };
    }
    let w;
    try {
      w = await writeFileAtomic(ctx.host, args.dest, Buffer.from(data, 'base64'), { tmp, mode, owner: args.owner ?? null, group: args.group ?? null, backup: args.backup === true, validate: args.validate ?? null });
    } catch (e) {
      if (!copy && e instanceof ModuleFailure && e.message === 'failed to validate') throw new ModuleFailure(`failed to validate: rc:${e.result['exit_status']} error:${e.result['stderr']}`);
      throw e;
    }
    return { ...result, ...(w.validation && !copy ? { validation: w.validation } : {}), ...(w.backupFile ? { backup_file: w.backupFile } : {}), ...pathInfo(w.after) };
  },
});
