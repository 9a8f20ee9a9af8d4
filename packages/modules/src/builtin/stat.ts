import { defineModule, PyFloat, type ModuleResult } from '@pgplay/engine/module-api';
import { probeFiles, type ChecksumAlgorithm, type FileState } from './util/file-state.js';
import { expandTildes } from './util/remote-path.js';

interface StatArgs {
  path: string;
  follow?: boolean;
  get_checksum?: boolean;
  get_mime?: boolean;
  get_attributes?: boolean;
  checksum_algorithm?: ChecksumAlgorithm;
}

const FILE_ATTRIBUTES: Record<string, string> = {
  A: 'noatime', a: 'append', c: 'compressed', C: 'nocow', d: 'nodump', D: 'dirsync', e: 'extents', E: 'encrypted', h: 'blocksize',
  i: 'immutable', I: 'indexed', j: 'journalled', N: 'inline', s: 'zero', S: 'synchronous', t: 'notail', T: 'blockroot', u: 'undelete',
  X: 'compressedraw', Z: 'compresseddirty',
};

/** glibc's makedev, as os.stat's st_rdev holds it. */
const makedev = (major: number, minor: number) => ((major & 0xfff) << 8) + (minor & 0xff) + (minor & ~0xff) * 4096 + Math.floor(major / 4096) * 2 ** 32;

/** stat.py's format_output, key for key. */
function formatOutput(path: string, s: FileState): ModuleResult {
  const m = s.mode!;
  const bit = (b: number) => (m & b) !== 0;
  return {
    exists: true, path, mode: s.mode!.toString(8).padStart(4, '0'),
    isdir: s.type === 'directory', ischr: s.type === 'char', isblk: s.type === 'block', isreg: s.type === 'file',
    isfifo: s.type === 'fifo', islnk: s.type === 'link', issock: s.type === 'socket',
    uid: s.uid, gid: s.gid, size: s.size, inode: s.inode, dev: s.dev, nlink: s.nlink,
    atime: new PyFloat(s.atime!), mtime: new PyFloat(s.mtime!), ctime: new PyFloat(s.ctime!),
    wusr: bit(0o200), rusr: bit(0o400), xusr: bit(0o100), wgrp: bit(0o020), rgrp: bit(0o040), xgrp: bit(0o010),
    woth: bit(0o002), roth: bit(0o004), xoth: bit(0o001), isuid: bit(0o4000), isgid: bit(0o2000),
    blocks: s.blocks, block_size: s.blockSize, device_type: makedev(s.rdevMajor!, s.rdevMinor!),
  };
}

function mimeOf(out: string | null | undefined): { mimetype: string; charset: string } {
  // ansible: out.rsplit(':', 1)[1].split(';'), then charset=…; anything odd leaves 'unknown'.
  const tail = out ? out.slice(out.lastIndexOf(':') + 1) : '';
  const parts = tail.split(';');
  const cs = parts[1]?.split('=')[1];
  if (!out || parts.length !== 2 || cs === undefined) return { mimetype: 'unknown', charset: 'unknown' };
  return { mimetype: parts[0]!.trim(), charset: cs.trim() };
}

/** ansible.builtin.stat: one probe gives every key ansible's module returns. */
export default defineModule<StatArgs>({
  name: 'ansible.builtin.stat',
  aliases: ['stat'],
  doc: { short: 'Retrieve file or file system status', description: 'The keys of ansible-core 2.16. `mimetype`/`charset` come from `file --mime-type --mime-encoding` and `attributes` from `lsattr -vd`, as in ansible; both are "unknown"/empty where those tools are missing.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['path'],
    properties: {
      path: { type: 'string', 'x-type': 'path', 'x-aliases': ['dest', 'name'], description: 'The full path of the file/object to get the facts of.' },
      follow: { type: 'boolean', default: false, description: 'Whether to follow symlinks.' },
      get_checksum: { type: 'boolean', default: true, description: 'Whether to return a checksum of the file.' },
      get_mime: { type: 'boolean', default: true, 'x-aliases': ['mime', 'mime_type', 'mime-type'], description: 'Use file magic and return data about the nature of the file.' },
      get_attributes: { type: 'boolean', default: true, 'x-aliases': ['attr', 'attributes'], description: 'Get file attributes using lsattr.' },
      checksum_algorithm: { type: 'string', default: 'sha1', enum: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'], 'x-aliases': ['checksum', 'checksum_algo'], description: 'Algorithm to determine checksum of file.' },
    },
  },
  returns: { stat: { description: 'Dictionary containing all the stat data', returned: 'success', type: 'dict' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const a = await expandTildes(ctx, args, ['path']);
    const follow = a.follow === true;
    const mime = a.get_mime !== false;
    const attributes = a.get_attributes !== false;
    const p = await probeFiles(ctx.host, {
      paths: [a.path], follow, ...(a.get_checksum !== false ? { checksum: a.checksum_algorithm ?? 'sha1' } : {}), extras: { mime, attributes },
    });
    const raw = p.files[0]!;
    const s = follow && raw.type === 'link' ? raw.target! : raw;
    if (!raw.exists || !s.exists) return { changed: false, result: { changed: false, stat: { exists: false } } };
    const out = formatOutput(a.path, s);
    Object.assign(out, { readable: raw.access?.r ?? false, writeable: raw.access?.w ?? false, executable: raw.access?.x ?? false });
    if (s.type === 'link') Object.assign(out, { lnk_source: raw.realpath, lnk_target: raw.linkTarget });
    if (s.owner !== 'UNKNOWN') out['pw_name'] = s.owner;
    if (s.group !== 'UNKNOWN') out['gr_name'] = s.group;
    if (s.type === 'file' && out['readable'] && raw.checksum !== undefined) out['checksum'] = raw.checksum;
    if (mime) Object.assign(out, mimeOf(raw.mime));
    if (attributes) {
      Object.assign(out, { version: null, attributes: [], attr_flags: '' });
      const words = raw.lsattr?.split(/\s+/) ?? [];
      if (words.length >= 2) {
        const flags = words[1]!.replace(/-/g, '');
        Object.assign(out, { version: words[0], attr_flags: flags, attributes: [...flags].filter((c) => c in FILE_ATTRIBUTES).map((c) => FILE_ATTRIBUTES[c]) });
      }
    }
    return { changed: false, result: { changed: false, stat: out } };
  },
  async apply() {
    return { changed: false };
  },
});
