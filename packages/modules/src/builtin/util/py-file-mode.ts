/**
 * The `mode` option as ansible's AnsibleModule.set_mode_if_different reads it: an int as given
 * (YAML `0644` is already 420), a string of octal digits, or chmod's symbolic form
 * (`u=rw,g+r,o-rwx`, `a+X`, `=r` honouring the umask), applied to the current mode.
 */

const S_IRWXU = 0o700;
const S_IRWXG = 0o070;
const S_IRWXO = 0o007;
const PERM_BITS = 0o7777;

export class ModeError extends Error {}

/** Python's int(s, 8): optional sign, optional 0o prefix, underscores between digits, spaces around. */
function pyOctal(s: string): number | null {
  const m = /^\s*([+-]?)(?:0[oO])?_?([0-7](?:_?[0-7])*)\s*$/.exec(s);
  if (!m) return null;
  const v = parseInt(m[2]!.replace(/_/g, ''), 8);
  return m[1] === '-' ? -v : v;
}

function permBits(user: string, perm: string, prev: number, isDir: boolean, useUmask: boolean, umask: number): number {
  const rev = umask ^ PERM_BITS;
  const um = (bit: number) => (useUmask ? rev & bit : bit);
  const X = isDir || (prev & 0o111) > 0;
  const shift = user === 'u' ? 6 : user === 'g' ? 3 : 0;
  switch (perm) {
    case 'r':
      return um(0o4 << shift);
    case 'w':
      return um(0o2 << shift);
    case 'x':
      return um(0o1 << shift);
    case 'X':
      return X ? 0o1 << shift : 0;
    case 's':
      return user === 'u' ? 0o4000 : user === 'g' ? 0o2000 : 0;
    case 't':
      return user === 'o' ? 0o1000 : 0;
    default: {
      // u, g, o: copy another class's bits into this one
      const from = perm === 'u' ? (prev & S_IRWXU) >> 6 : perm === 'g' ? (prev & S_IRWXG) >> 3 : prev & S_IRWXO;
      return from << shift;
    }
  }
}

function applyOp(user: string, op: string, bits: number, current: number): number {
  if (op === '=') {
    const mask = user === 'u' ? S_IRWXU | 0o4000 : user === 'g' ? S_IRWXG | 0o2000 : S_IRWXO | 0o1000;
    return (current & (mask ^ PERM_BITS)) | bits;
  }
  if (op === '+') return current | bits;
  return current - (current & bits);
}

/** ansible's _symbolic_mode_to_octal. */
function symbolic(mode: string, current: number, isDir: boolean, umask: number): number {
  let out = current;
  for (const clause of mode.split(',')) {
    const parts = clause.split(/[+=-]/);
    const ops = clause.match(/[+=-]/g) ?? [];
    let users = parts.shift()!;
    const useUmask = users === '';
    if (users === 'a' || users === '') users = 'ugo';
    if (!/^[ugo]+$/.test(users)) throw new ModeError(`bad symbolic permission for mode: ${clause}`);
    parts.forEach((perms, i) => {
      if (!/^[rwxXstugo]*$/.test(perms)) throw new ModeError(`bad symbolic permission for mode: ${clause}`);
      for (const user of users) {
        // Each class sees the mode as changed so far (ansible passes new_mode as prev_mode).
        const bits = [...perms].reduce((acc, p) => acc | permBits(user, p, out, isDir, useUmask, umask), 0);
        out = applyOp(user, ops[i]!, bits, out);
      }
    });
  }
  return out;
}

/** The wanted permission bits, or a ModeError with ansible's message and details. */
export function resolveMode(mode: unknown, current: number, isDir: boolean, umask: number): number {
  if (typeof mode === 'number') return mode;
  const s = String(mode);
  const oct = pyOctal(s);
  if (oct !== null) return oct;
  let v: number;
  try {
    v = symbolic(s, current, isDir, umask);
  } catch (e) {
    throw Object.assign(new ModeError('mode must be in octal or symbolic form'), { details: (e as Error).message });
  }
  if (v !== (v & PERM_BITS)) throw Object.assign(new ModeError('Invalid mode supplied, only permission info is allowed'), { details: v });
  return v;
}

/** '0%03o' as ansible writes modes in diffs. */
export function octalText(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}
