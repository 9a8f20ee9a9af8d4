/**
 * ansible.builtin.get_url: downloads from the target (HostConnection.openTcp: the connection opens
 * there) into `dest` atomically, following get_url.py step for step: a matching `checksum` skips the
 * download, an existing file sends If-Modified-Since (a 304 changes nothing), the file is replaced
 * only when its sha1 differs, then the checksum is verified and the file attributes settled.
 * Under --check a HEAD request stands in for the download, as in ansible.
 */
import { createHash } from 'node:crypto';
import { defineModule, ModuleFailure, sh, type ShellCommand, type ModuleContext, type ModuleResult } from '@pgplay/engine/module-api';
import { fileCommonProperties } from './util/file-common-args.js';
import { expandTildes } from './util/remote-path.js';
import { probeFiles, type ChecksumAlgorithm } from './util/file-state.js';
import { pathInfo } from './util/path-info.js';
import { planAttributes } from './util/fs-attributes.js';
import { tempPathFor } from './util/atomic-write.js';
import { fetchUrl } from './net/http-client.js';
import { httpOptions, urlProperties, type UrlArgs } from './net/url-args.js';
import { pathInfoOf, probeDest, sha1, writeDownload, type DownloadFileArgs } from './net/write-download.js';

interface GetUrlArgs extends UrlArgs, DownloadFileArgs {
  dest: string;
  backup: boolean;
  checksum: string;
  tmp_dest?: string;
}

interface GetUrlActions {
  args: GetUrlArgs;
  destIsDir: boolean;
  force: boolean;
  lastModified?: number;
  checksum: { algorithm: ChecksumAlgorithm; value: string } | null;
  /** The file is there with the right checksum: only its attributes change. */
  attrsOnly?: { commands: ShellCommand[]; result: ModuleResult };
}

const ALGORITHMS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

/** get_url's url_filename: the URL path's basename, index.html when empty. */
function urlFilename(url: string): string {
  const path = /^[a-z]+:\/\/[^/?#]*([^?#]*)/i.exec(url)?.[1] ?? '';
  return path.slice(path.lastIndexOf('/') + 1) || 'index.html';
}


/** A failure with add_path_info's keys for dest, as fail_json adds them. */
async function fail(ctx: ModuleContext, msg: string, result: ModuleResult): Promise<never> {
  const dest = typeof result['dest'] === 'string' ? result['dest'] : undefined;
  throw new ModuleFailure(msg, { ...result, ...(dest ? await pathInfoOf(ctx, dest) : {}) });
}

/** The checksum option: `algorithm:hex` or `algorithm:url of a checksum file`. */
async function parseChecksum(ctx: ModuleContext, a: GetUrlArgs, base: ModuleResult): Promise<GetUrlActions['checksum']> {
  if (!a.checksum) return null;
  const i = a.checksum.indexOf(':');
  if (i < 0) return fail(ctx, 'The checksum parameter has to be in format <algorithm>:<checksum>', base);
  const algorithm = a.checksum.slice(0, i);
  let value: string | null = a.checksum.slice(i + 1);
  if (/^(https?|ftp|file):\/\//.test(value)) {
    const sumsUrl = value;
    const r = await fetchUrl(ctx.host, sumsUrl, await httpOptions(ctx, a, { method: 'GET', followRedirects: 'safe', defaultTimeout: 10 }));
    if (Number(r.info['status']) === -1) return fail(ctx, String(r.info['msg']), { url: sumsUrl, dest: a.dest, elapsed: 0 });
    if (Number(r.info['status']) !== 200) return fail(ctx, 'Request failed', { status_code: r.info['status'], response: r.info['msg'], url: sumsUrl, dest: a.dest, elapsed: 0 });
    const lines = (r.body ?? Buffer.alloc(0)).toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const filename = urlFilename(a.url);
    const map: [string, string][] = [];
    if (lines.length === 1 && lines[0]!.trim().split(/\s+/).length === 1) map.push([lines[0]!, filename]);
    else {
      for (const line of lines) {
        const sp = line.indexOf(' ');
        if (sp < 0) continue;
        let name = line.slice(sp + 1);
        if (name.startsWith(' ') || name.startsWith('*')) name = name.slice(1);
        map.push([line.slice(0, sp), name.replace(/^[./]+/, '')]);
      }
    }
    value = map.find(([, f]) => f === filename)?.[0] ?? null;
    if (value === null) throw new ModuleFailure(`Unable to find a checksum for file '${filename}' in '${sumsUrl}'`);
  }
  value = value.replace(/[\W_]+/gu, (m) => m.replace(/[^_]/g, '')).toLowerCase();
  if (!/^[0-9a-f]+$/.test(value)) return fail(ctx, 'The checksum format is invalid', base);
  if (!ALGORITHMS.has(algorithm)) return fail(ctx, `Could not hash file '${a.dest}' with algorithm '${algorithm}'. Available algorithms: md5, sha1, sha224, sha256, sha384, sha512`, base);
  return { algorithm: algorithm as ChecksumAlgorithm, value };
}

export default defineModule<GetUrlArgs, GetUrlActions>({
  name: 'ansible.builtin.get_url',
  aliases: ['get_url'],
  doc: { short: 'Downloads files from HTTP or HTTPS to the target', description: 'The download is made from the target host (the TCP connection opens there through the SSH connection); the file is written beside dest and renamed into place.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'dest'],
    properties: {
      ...urlProperties('username'),
      ...fileCommonProperties,
      dest: { type: 'string', 'x-type': 'path', description: 'A file or an existing directory on the target.' },
      backup: { type: 'boolean', default: false, description: 'Keep a timestamped copy of the replaced file.' },
      checksum: { type: 'string', default: '', description: '<algorithm>:<hex digest or URL of a checksum file>.' },
      timeout: { type: 'integer', default: 10, description: 'Socket timeout in seconds.' },
      headers: { type: 'object', description: 'Request headers.' },
      tmp_dest: { type: 'string', 'x-type': 'path', description: 'Must be an existing directory (checked as ansible does); pgplay writes its temp file beside dest so the rename is atomic.' },
    },
  },
  returns: {
    checksum_src: { description: 'sha1 of the downloaded file', returned: 'success', type: 'str' },
    checksum_dest: { description: 'sha1 of dest before', returned: 'success', type: 'str' },
    status_code: { description: 'HTTP status', returned: 'success', type: 'int' },
    md5sum: { description: 'md5 of dest', returned: 'when downloaded', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const a = await expandTildes(ctx, args, ['dest', 'tmp_dest', 'client_cert', 'client_key']);
    const base: ModuleResult = { changed: false, checksum_dest: null, checksum_src: null, dest: a.dest, elapsed: 0, url: a.url };
    const checksum = await parseChecksum(ctx, a, base);
    const probe = await probeFiles(ctx.host, { paths: [a.dest], follow: true, ...(checksum ? { checksum: checksum.algorithm } : {}) });
    const f = probe.files[0]!;
    const through = f.type === 'link' && f.target ? f.target : f;
    const destIsDir = through.exists && through.type === 'directory';
    let force = a.force === true;
    let lastModified: number | undefined;
    if (!destIsDir && through.exists) {
      const mismatch = !force && checksum !== null && through.checksum !== checksum.value;
      if (!force && checksum && !mismatch) {
        // set_fs_attributes_if_different on the file as it is.
        const known = await probeDest(ctx, a.dest, a);
        const attrs = planAttributes(a.dest, known.file.type === 'link' && known.file.target ? known.file.target : known.file, a, known.probe);
        const info = pathInfo(attrs.after ?? known.file);
        if (!attrs.changed) return { changed: false, result: { ...base, msg: 'file already exists', ...info } };
        const result = { ...base, changed: true, msg: 'file already exists but file attributes changed', ...info };
        return { changed: true, result, actions: { args: a, destIsDir, force, checksum, attrsOnly: { commands: attrs.commands, result } } };
      }
      lastModified = through.mtime;
      if (mismatch) force = true;
    }
    const actions: GetUrlActions = { args: a, destIsDir, force, checksum, ...(lastModified !== undefined ? { lastModified } : {}) };
    if (!ctx.check) return { changed: true, actions };
    return checkModeResult(ctx, actions, base);
  },
  async apply(plan, ctx) {
    const { args: a, destIsDir, checksum, attrsOnly } = plan.actions!;
    if (attrsOnly) {
      const r = await ctx.host.exec(attrsOnly.commands.reduce((acc, c) => sh`${acc}${c} || exit 1; `, sh``));
      if (r.rc !== 0) throw new ModuleFailure(`chown, chgrp or chmod failed: ${r.stderr.trim()}`, { path: a.dest });
      return attrsOnly.result;
    }
    const base: ModuleResult = { changed: false, checksum_dest: null, checksum_src: null, dest: a.dest, elapsed: 0, url: a.url };
    const got = await download(ctx, plan.actions!, 'GET', base);
    if ('done' in got) return got.done;
    const { body, info, elapsed } = got;
    const dest = destIsDir ? `${a.dest.replace(/\/$/, '')}/${filenameFromHeaders(info) ?? urlFilename(String(info['url']))}` : a.dest;
    const result: ModuleResult = { ...base, dest, elapsed, src: tempPathFor(a.tmp_dest ? `${a.tmp_dest}/x` : dest), checksum_src: sha1(body) };
    const known = await probeDest(ctx, dest, a);
    if (!known.file.exists && !(await parentExists(ctx, dest))) return fail(ctx, `Destination ${pyDirname(dest)} does not exist`, result);
    if (known.file.exists) result['checksum_dest'] = known.file.checksum ?? null;
    const w = await writeDownload(ctx, dest, body, a, { backup: a.backup, known });
    if (checksum) {
      const actual = createHash(checksum.algorithm).update(body).digest('hex');
      if (actual !== checksum.value) {
        await ctx.host.exec(sh`rm -f -- ${dest}`);
        throw new ModuleFailure(`The checksum for ${dest} did not match ${checksum.value}; it was ${actual}.`, { ...result, changed: w.contentChanged });
      }
    }
    result['changed'] = w.changed;
    result['md5sum'] = createHash('md5').update(body).digest('hex');
    if (w.backupFile) result['backup_file'] = w.backupFile;
    return { ...result, msg: String(info['msg'] ?? ''), status_code: info['status'], ...pathInfo(w.after) };
  },
});

/** os.path.dirname: everything before the last slash ('/srv/dl/' → '/srv/dl'). */
function pyDirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i).replace(/\/+$/, '') || '/';
}

async function parentExists(ctx: ModuleContext, dest: string): Promise<boolean> {
  const r = await ctx.host.exec(sh`[ -d ${pyDirname(dest) || '.'} ] && echo yes || echo no`);
  return r.stdout.trim() === 'yes';
}

function filenameFromHeaders(info: Record<string, unknown>): string | null {
  const m = /^attachment; ?filename="?([^"]+)/.exec(String(info['content-disposition'] ?? ''));
  return m ? m[1]!.slice(m[1]!.lastIndexOf('/') + 1) : null;
}

/** url_get: the request, and its early exits (304, a failed connection, a status other than 200). */
async function download(ctx: ModuleContext, act: GetUrlActions, method: string, base: ModuleResult): Promise<{ done: ModuleResult } | { body: Buffer; info: Record<string, unknown>; elapsed: number }> {
  const a = act.args;
  const opts = await httpOptions(ctx, { ...a, force: act.force }, {
    method, followRedirects: 'safe', defaultTimeout: 10, ...(act.lastModified !== undefined ? { lastModified: new Date(act.lastModified * 1000) } : {}),
  });
  const start = Date.now();
  const r = await fetchUrl(ctx.host, a.url, opts);
  const elapsed = Math.floor((Date.now() - start) / 1000);
  const status = Number(r.info['status']);
  const short = { url: a.url, dest: a.dest, elapsed };
  if (status === 304) return { done: { ...short, changed: false, msg: String(r.info['msg'] ?? ''), status_code: 304, ...(await pathInfoOf(ctx, a.dest)) } };
  if (status === -1) return fail(ctx, String(r.info['msg']), short);
  if (status !== 200) return fail(ctx, 'Request failed', { status_code: status, response: r.info['msg'], ...short });
  if (a.tmp_dest) {
    const t = await ctx.host.exec(sh`if [ -d ${a.tmp_dest} ]; then echo dir; elif [ -e ${a.tmp_dest} ]; then echo file; else echo none; fi`);
    const kind = t.stdout.trim();
    if (kind === 'file') return fail(ctx, `${a.tmp_dest} is a file but should be a directory.`, { elapsed });
    if (kind === 'none') return fail(ctx, `${a.tmp_dest} directory does not exist.`, { elapsed });
  }
  void base;
  return { body: r.body ?? Buffer.alloc(0), info: r.info, elapsed };
}

/** --check: ansible's HEAD request, an empty temp file, changed when its sha1 differs from dest's. */
async function checkModeResult(ctx: ModuleContext, act: GetUrlActions, base: ModuleResult) {
  const got = await download(ctx, act, 'HEAD', base);
  if ('done' in got) return { changed: false, result: got.done };
  const a = act.args;
  const dest = act.destIsDir ? `${a.dest.replace(/\/$/, '')}/${filenameFromHeaders(got.info) ?? urlFilename(String(got.info['url']))}` : a.dest;
  const known = await probeDest(ctx, dest, a);
  const result: ModuleResult = { ...base, dest, elapsed: got.elapsed, src: tempPathFor(dest), checksum_src: sha1(Buffer.alloc(0)) };
  if (!known.file.exists) {
    if (!(await parentExists(ctx, dest))) return fail(ctx, `Destination ${pyDirname(dest)} does not exist`, result);
  } else result['checksum_dest'] = known.file.checksum ?? null;
  const changed = result['checksum_src'] !== result['checksum_dest'];
  return { changed, result: { ...result, changed, msg: String(got.info['msg'] ?? ''), ...pathInfo(known.file) } };
}
