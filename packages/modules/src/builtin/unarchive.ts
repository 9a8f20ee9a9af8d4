/**
 * ansible.builtin.unarchive (action plugin + module in ansible): a controller archive is uploaded to
 * a private temp file on the target (or `remote_src` names one there), the target's GNU tar lists,
 * compares and extracts it (unarchive-tar.ts), then owner/group/mode are settled on every member
 * and top folder as set_fs_attributes_if_different does. Under --check a tar archive is skipped
 * with ansible's message (its tar handlers have no check mode). Zip archives and URLs as src are
 * refused as not supported yet.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { defineModule, ModuleFailure, sh, type ModuleContext, type ModuleResult, type ShellCommand } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { expandTildes } from './util/remote-path.js';
import { readControllerFile } from './util/controller-file.js';
import { probeFiles } from './util/file-state.js';
import { planAttributes, namesToResolve, type FileArgs } from './util/fs-attributes.js';
import { pathInfo } from './util/path-info.js';
import { extract, isUnarchived, noHandler, pickTarHandler, type TarOptions } from './unarchive-tar.js';

interface UnarchiveArgs extends FileArgs {
  src: string;
  dest: string;
  remote_src?: boolean;
  copy?: boolean;
  creates?: string;
  list_files: boolean;
  keep_newer: boolean;
  exclude: string[];
  include: string[];
  extra_opts: string[];
  decrypt: boolean;
}

interface UnarchiveActions {
  args: UnarchiveArgs;
  local?: string;
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;

async function remoteHead(ctx: ModuleContext, path: string): Promise<{ exists: boolean; size: number; head: Buffer }> {
  const r = await ctx.host.exec(sh`if [ -r ${path} ]; then stat -L -c %s -- ${path}; head -c 4 -- ${path} | od -An -tx1; else echo missing; fi`);
  const [first = '', second = ''] = r.stdout.split('\n');
  if (first === 'missing') return { exists: false, size: 0, head: Buffer.alloc(0) };
  return { exists: true, size: Number(first), head: Buffer.from(second.replace(/\s+/g, ''), 'hex') };
}

/** set_fs_attributes_if_different on every member and top folder: one probe, one command. */
async function settleMembers(ctx: ModuleContext, a: UnarchiveArgs, files: string[]): Promise<boolean> {
  if (a.mode == null && a.owner == null && a.group == null) return false;
  const tops = [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!))];
  const paths = [...files.map((f) => `${a.dest.replace(/\/$/, '')}/${f}`), ...tops.map((t) => `${a.dest}/${t}`)];
  const probe = await probeFiles(ctx.host, { paths, ...namesToResolve(a) });
  let changed = false;
  const commands: ShellCommand[] = [];
  for (const f of probe.files) {
    const p = planAttributes(f.path, f, a, probe);
    if (p.changed) changed = true;
    commands.push(...p.commands);
  }
  if (commands.length) {
    const r = await ctx.host.exec(commands.reduce((acc, c) => sh`${acc}${c} || exit 1; `, sh``));
    if (r.rc !== 0) throw new ModuleFailure(`Unexpected error when accessing exploded file: ${r.stderr.trim()}`);
  }
  return changed;
}

export default defineModule<UnarchiveArgs, UnarchiveActions>({
  name: 'ansible.builtin.unarchive',
  aliases: ['unarchive'],
  doc: { short: 'Unpacks an archive after (optionally) copying it from the local machine', description: 'tar archives (gz, bz2, xz, zstd, plain) through the target\'s GNU tar, as ansible does; zip archives are not supported by pgplay yet.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      ...fileCommonProperties,
      src: { type: 'string', 'x-type': 'path', description: 'The archive: a controller file (files/ of the role, then the playbook directory), or with remote_src a path on the target.' },
      dest: { type: 'string', 'x-type': 'path', description: 'An existing directory on the target.' },
      remote_src: { type: 'boolean', default: false, description: 'src is already on the target.' },
      copy: { type: 'boolean', description: 'Deprecated inverse of remote_src.' },
      creates: { type: 'string', 'x-type': 'path', description: 'Skip when this path exists on the target.' },
      list_files: { type: 'boolean', default: false, description: 'Return the archive\'s member list as `files`.' },
      keep_newer: { type: 'boolean', default: false, description: 'Do not replace files newer than the archive\'s (--keep-newer-files).' },
      exclude: { type: 'array', items: { type: 'string' }, default: [], description: 'Members not to extract (fnmatch patterns).' },
      include: { type: 'array', items: { type: 'string' }, default: [], description: 'Only these members.' },
      extra_opts: { type: 'array', items: { type: 'string' }, default: [], description: 'Extra options for tar.' },
      validate_certs: { type: 'boolean', default: true, description: 'Only used with a URL src (not supported yet).' },
      io_buffer_size: { type: 'integer', default: 65536, description: 'Only used with a URL src (not supported yet).' },
      decrypt: { type: 'boolean', default: true, description: 'Decrypt a vaulted controller archive.' },
    },
    'x-mutually-exclusive': [['include', 'exclude']],
  },
  returns: {
    handler: { description: 'The archive handler used', returned: 'always', type: 'str' },
    extract_results: { description: 'The tar command, rc and output', returned: 'when extracted', type: 'dict' },
    files: { description: 'Members of the archive', returned: 'list_files', type: 'list' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    if (args.copy !== undefined && args.remote_src !== undefined) throw new ModuleFailure("parameters are mutually exclusive: ('copy', 'remote_src')");
    const remoteSrc = args.copy !== undefined ? !args.copy : args.remote_src === true;
    const a = await expandTildes(ctx, { ...args, remote_src: remoteSrc }, ['dest', 'creates', ...(remoteSrc ? ['src' as const] : [])], 'action');
    if (a.creates) {
      const c = await ctx.host.exec(sh`[ -e ${a.creates} ] && echo yes || echo no`);
      if (c.stdout.trim() === 'yes') return { changed: false, result: { skipped: true, changed: false, msg: `skipped, since ${a.creates} exists` } };
    }
    if (remoteSrc && a.src.includes('://')) throw new ModuleFailure('unarchive with a URL as src is not supported by pgplay yet');
    let local: string | undefined;
    let head: Buffer;
    if (!remoteSrc) {
      local = ctx.controller.findFile('files', a.src) ?? undefined;
      if (!local) throw new ModuleFailure(`Could not find or access '${a.src}' on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`);
      head = readControllerFile(ctx.controller, local, a.decrypt).subarray(0, 4);
    }
    const d = await ctx.host.exec(sh`[ -d ${a.dest} ] && echo yes || echo no`);
    // AnsibleActionFail: ansible's result carries the empty traceback of no exception.
    if (d.stdout.trim() !== 'yes') throw new ModuleFailure(`dest '${a.dest}' must be an existing dir`, { exception: 'NoneType: None\n' });
    if (remoteSrc) {
      const h = await remoteHead(ctx, a.src);
      if (!h.exists) throw new ModuleFailure(`Source '${a.src}' does not exist`);
      if (h.size === 0) throw new ModuleFailure(`Invalid archive '${a.src}', the file is 0 bytes`);
      head = h.head;
    }
    if (isZip(head!)) throw new ModuleFailure('unarchive of zip archives is not supported by pgplay yet');
    // ansible's tar handlers end the module at once under --check.
    if (ctx.check) return { changed: false, result: { skipped: true, changed: false, msg: 'remote module (ansible.legacy.unarchive) does not support check mode when using gtar' } };
    return { changed: true, actions: { args: a, ...(local ? { local } : {}) } };
  },
  async apply(plan, ctx) {
    const { args: a, local } = plan.actions!;
    const tmp = local ? `/tmp/.source.pgplay-${randomBytes(6).toString('hex')}` : undefined;
    try {
      if (tmp) {
        const data = readControllerFile(ctx.controller, local!, a.decrypt);
        if (data.length === 0) throw new ModuleFailure(`Invalid archive '${tmp}', the file is 0 bytes`);
        await ctx.host.put(data, tmp, { mode: '0600' });
      }
      const src = tmp ?? a.src;
      return await unpack(ctx, a, src);
    } finally {
      if (tmp) await ctx.host.exec(sh`rm -f -- ${tmp}`);
    }
  },
});

async function unpack(ctx: ModuleContext, a: UnarchiveArgs, src: string): Promise<ModuleResult> {
  const uid = Number((await ctx.host.exec(sh`id -u`)).stdout.trim());
  // os.path.abspath: normalised, links not resolved.
  const dest = posix.normalize(a.dest).replace(/(.)\/+$/, '$1');
  const o: TarOptions = {
    src, dest, extraOpts: a.extra_opts, exclude: a.exclude, include: a.include, keepNewer: a.keep_newer,
    ...(a.owner != null ? { owner: a.owner } : {}), ...(a.group != null ? { group: a.group } : {}), ...(a.mode != null ? { mode: a.mode } : {}),
  };
  const h = await pickTarHandler(ctx, o);
  if ('reasons' in h) throw noHandler(src, ["Unable to find required 'unzip' or 'unzip' binary in the path", ...h.reasons]);
  const res: ModuleResult = { handler: h.name, dest: a.dest, src };
  const done = await isUnarchived(ctx, h, o, uid);
  res['changed'] = !done;
  if (!done) {
    const x = await extract(ctx, h, o);
    res['extract_results'] = x;
    if (x.rc !== 0) throw new ModuleFailure(`failed to unpack ${src} to ${a.dest}`, res);
  }
  if (await settleMembers(ctx, a, h.files)) res['changed'] = true;
  if (a.list_files) res['files'] = h.files;
  const info = pathInfo((await probeFiles(ctx.host, { paths: [a.dest], follow: true })).files[0]!);
  return { ...res, ...info };
}
