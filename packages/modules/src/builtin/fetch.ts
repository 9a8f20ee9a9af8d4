import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { defineModule, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { followed, probeFiles } from './util/file-state.js';
import { expandTildes } from './util/remote-path.js';

interface FetchArgs {
  src: string;
  dest: string;
  flat?: boolean;
  fail_on_missing?: boolean;
  validate_checksum?: boolean;
}

interface FetchActions {
  src: string;
  dest: string;
  remoteChecksum: string;
  validate: boolean;
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
const localFile = (p: string) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p) : null);

/** The local destination as the fetch action computes it (flat, or dest/<inventory_hostname>/<src>). */
function localDest(a: FetchArgs, host: string, base: string): string {
  const dwim = (p: string) => (isAbsolute(p) ? p : join(base, p));
  let dest = a.dest;
  if (a.flat) {
    if (existsSync(dest) && statSync(dest).isDirectory() && !dest.endsWith('/')) {
      throw new ModuleFailure('dest is an existing directory, use a trailing slash if you want to fetch src into that directory');
    }
    if (dest.endsWith('/')) {
      dest = join(dest, a.src.slice(a.src.lastIndexOf('/') + 1));
      if (existsSync(dest) && statSync(dest).isDirectory()) throw new ModuleFailure(`calculated dest '${dest}' is an existing directory, use another path that does not point to an existing directory`);
    }
    if (!dest.startsWith('/')) dest = dwim(dest);
  } else dest = `${dwim(dest)}/${host}/${a.src}`;
  return normalize(dest);
}

/** ansible.builtin.fetch: one probe (stat + sha1) on the host; the file crosses only when it differs. */
export default defineModule<FetchArgs, FetchActions>({
  name: 'ansible.builtin.fetch',
  aliases: ['fetch'],
  doc: { short: 'Fetch files from remote nodes' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      src: { type: 'string', description: 'The file on the remote system to fetch (a file, not a directory).' },
      dest: { type: 'string', description: 'A directory to save the file into (or the file itself with flat).' },
      flat: { type: 'boolean', default: false, description: 'Save to dest itself instead of dest/<inventory_hostname>/<src>.' },
      fail_on_missing: { type: 'boolean', default: true, description: 'Fail when the remote file is missing or unreadable.' },
      validate_checksum: { type: 'boolean', default: true, description: 'Verify the fetched file against the remote checksum.' },
    },
  },
  returns: {
    dest: { description: 'The local path the file was saved to.', type: 'str' },
    checksum: { description: 'SHA1 of the local file.', type: 'str' },
    md5sum: { description: 'MD5 of the local file.', type: 'str' },
    remote_checksum: { description: 'SHA1 of the remote file.', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(raw, ctx) {
    // The fetch action skips itself under --check (ansible's own words below).
    if (ctx.check) return { changed: false, result: { changed: false, skipped: true, msg: 'check mode not (yet) supported for this module' } };
    if (typeof raw.src !== 'string' || typeof raw.dest !== 'string') throw new ModuleFailure('src and dest are required');
    const a = await expandTildes(ctx, raw, ['src'], 'action');
    const failOnMissing = a.fail_on_missing !== false;
    const probe = await probeFiles(ctx.host, { paths: [a.src], follow: true, checksum: 'sha1' });
    const s = followed(probe.files[0]!);
    if (s.exists && s.type === 'directory') {
      if (!failOnMissing) return { changed: false, result: { msg: 'remote file is a directory, fetch cannot work on directories, not transferring, ignored' } };
      throw new ModuleFailure('remote file is a directory, fetch cannot work on directories', { changed: false });
    }
    if (!s.exists || s.checksum === undefined) {
      // ansible slurps then; slurp's errors become these.
      const msg = !s.exists ? 'the remote file does not exist, not transferring, ignored' : `file is not readable: ${a.src}`;
      if (!failOnMissing) return { changed: false, result: { changed: false, file: a.src, msg } };
      throw new ModuleFailure(msg);
    }
    const dest = localDest(a, ctx.inventoryHostname, ctx.controller.playbookDir);
    const local = localFile(dest);
    if (local && sha1(local) === s.checksum) {
      return { changed: false, result: { changed: false, md5sum: md5(local), file: a.src, dest, checksum: s.checksum } };
    }
    return { changed: true, actions: { src: a.src, dest, remoteChecksum: s.checksum, validate: a.validate_checksum !== false } };
  },
  async apply(plan, ctx) {
    const { src, dest, remoteChecksum, validate } = plan.actions!;
    const data = await ctx.host.fetch(src);
    mkdirSync(dirname(dest), { recursive: true });
    const tmp = `${dest}.pgplay-${process.pid}`;
    writeFileSync(tmp, data);
    renameSync(tmp, dest);
    const sum = sha1(data);
    const result: ModuleResult = { md5sum: md5(data), dest, remote_md5sum: null, checksum: sum, remote_checksum: remoteChecksum };
    if (validate && sum !== remoteChecksum) throw new ModuleFailure('checksum mismatch', { ...result, file: src });
    return { changed: true, ...result };
  },
});
