import { randomInt } from 'node:crypto';
import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { parseStatLines, statLines } from './util/file-state.js';
import { pathInfo } from './util/path-info.js';
import { expandTildes } from './util/remote-path.js';

interface TempfileArgs {
  state?: 'file' | 'directory';
  path?: string;
  prefix?: string;
  suffix?: string;
}

/** Python's tempfile._RandomNameSequence: 8 of these (mktemp would mix in capitals). */
const NAME_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789_';
/** Names tried in turn (mkstemp retries on EEXIST); a collision of 8 of 37 characters is unlikely. */
const TRIES = 16;

function randomName(): string {
  let n = '';
  for (let i = 0; i < 8; i++) n += NAME_CHARS[randomInt(NAME_CHARS.length)];
  return n;
}

/**
 * ansible.builtin.tempfile: mkstemp/mkdtemp (modes 0600 files, 0700 directories), the names drawn
 * as Python draws them; exclusive creation by `set -C` (O_EXCL) for files and mkdir for directories.
 */
export default defineModule<TempfileArgs, TempfileArgs>({
  name: 'ansible.builtin.tempfile',
  aliases: ['tempfile'],
  doc: { short: 'Creates temporary files and directories', description: 'The random part of the name is 8 characters of lower-case letters, digits and `_`, as with Python\'s tempfile.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      state: { type: 'string', enum: ['file', 'directory'], default: 'file', description: 'Whether to create file or directory.' },
      path: { type: 'string', 'x-type': 'path', description: 'Location where temporary file or directory should be created (default: $TMPDIR or /tmp).' },
      prefix: { type: 'string', default: 'ansible.', description: 'Prefix of file/directory name created by module.' },
      suffix: { type: 'string', default: '', description: 'Suffix of file/directory name created by module.' },
    },
  },
  returns: { path: { description: 'Path to created file or directory.', returned: 'success', type: 'str' } },
  // tempfile.py declares no check mode: ansible skips it under --check.
  capabilities: { check: 'none', diff: 'none' },
  async plan(a, ctx) {
    return { changed: true, actions: await expandTildes(ctx, a, ['path']) };
  },
  async apply(plan, ctx) {
    const a = plan.actions!;
    const names = Array.from({ length: TRIES }, () => (a.prefix ?? 'ansible.') + randomName() + (a.suffix ?? ''));
    const make = a.state === 'directory' ? sh`mkdir -m 0700 "$t"` : sh`(umask 077; set -C; : > "$t")`;
    const where = a.path !== undefined ? sh`${a.path}` : sh`"\${TMPDIR:-/tmp}"`;
    const list = names.reduce((acc, n) => sh`${acc} ${n}`, sh`set --`);
    // A name that exists is skipped (mkstemp retries on EEXIST); any other failure is mkstemp's
    // OSError text, "[Errno N] <strerror>: '<path>'".
    const r = await ctx.host.exec(sh`d=${where}; ${list}; ok=; for n; do t="$d/$n"; if ${make} 2>/dev/null; then ok=1; break; fi; [ -e "$t" ] || [ -L "$t" ] || break; done
[ -n "$ok" ] || { if [ ! -e "$d" ]; then m='[Errno 2] No such file or directory'; elif [ ! -d "$d" ]; then m='[Errno 20] Not a directory'; else m='[Errno 13] Permission denied'; fi; printf "%s: '%s'" "$m" "$t" >&2; exit 1; }
printf 'P %s\\n' "$t"; ${statLines(sh`"$t"`)}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim());
    const path = /^P (.*)$/m.exec(r.stdout)![1]!;
    return { changed: true, path, ...pathInfo(parseStatLines(path, r.stdout)) };
  },
});
