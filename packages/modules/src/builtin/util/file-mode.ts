/**
 * Ansible's file modes (module_utils/basic.py set_mode_if_different): an int is taken as is, a
 * string of octal digits is octal, anything else is chmod's symbolic form, computed against the
 * file's current mode (and the umask for clauses without a user) exactly as ansible does.
 */
import { ModuleFailure } from '@pgplay/engine/module-api';

const PERM_BITS = 0o7777;
const S_IRWXU = 0o700, S_IRWXG = 0o070, S_IRWXO = 0o007;

/** '0%03o' % mode: how ansible prints modes in results and diffs. */
export function formatMode(mode: number): string {
  return '0' + mode.toString(8).padStart(3, '0');
}

function symbolicPerms(user: string, perms: string, useUmask: boolean, umask: number, prev: number, isDir: boolean): number {
  const rev = umask ^ PERM_BITS;
  const applyX = isDir || (prev & 0o111) > 0;
  const shift = user === 'u' ? 6 : user === 'g' ? 3 : 0;
  const bit = (b: number) => (useUmask ? rev & (b << shift) : b << shift);
  const fromClass = (src: number) => ((prev >> src) & 7) << shift;
  let out = 0;
  for (const p of perms) {
    if (p === 'r') out |= bit(4);
    else if (p === 'w') out |= bit(2);
    else if (p === 'x') out |= bit(1);
    else if (p === 'X') out |= applyX ? 1 << shift : 0;
    else if (p === 's') out |= user === 'u' ? 0o4000 : user === 'g' ? 0o2000 : 0;
    else if (p === 't') out |= user === 'o' ? 0o1000 : 0;
    else if (p === 'u') out |= fromClass(6);
    else if (p === 'g') out |= fromClass(3);
    else if (p === 'o') out |= fromClass(0);
  }
  return out;
}

function applyOperation(user: string, op: string, bits: number, current: number): number {
  if (op === '=') {
    const mask = user === 'u' ? S_IRWXU | 0o4000 : user === 'g' ? S_IRWXG | 0o2000 : S_IRWXO | 0o1000;
    return (current & (mask ^ PERM_BITS)) | bits;
  }
  if (op === '+') return current | bits;
  return current - (current & bits);
}

/** _symbolic_mode_to_octal: throws "bad symbolic permission for mode: …" like ansible. */
export function symbolicToOctal(symbolic: string, current: number, isDir: boolean, umask: number): number {
  let mode = current & PERM_BITS;
  for (const clause of symbolic.split(',')) {
    const parts = clause.split(/[+=-]/);
    const ops = clause.match(/[+=-]/g) ?? [];
    let users = parts.shift()!;
    const useUmask = users === '';
    if (users === 'a' || users === '') users = 'ugo';
    if (!/^[ugo]+$/.test(users)) throw new Error(`bad symbolic permission for mode: ${clause}`);
    parts.forEach((perms, i) => {
      if (!/^[rwxXstugo]*$/.test(perms)) throw new Error(`bad symbolic permission for mode: ${clause}`);
      for (const u of users) mode = applyOperation(u, ops[i]!, symbolicPerms(u, perms, useUmask, umask, mode, isDir), mode);
    });
  }
  return mode;
}

/** The mode ansible would set, or null when `mode` is not given. Fails as set_mode_if_different does. */
export function resolveMode(mode: unknown, path: string, current: number, isDir: boolean, umask: number): number | null {
  if (mode === undefined || mode === null) return null;
  let m: number;
  if (typeof mode === 'number') m = mode;
  else {
    const s = String(mode);
    if (/^\s*[+-]?[0-7]+\s*$/.test(s) || /^\s*0o[0-7]+\s*$/i.test(s)) m = parseInt(s.trim().replace(/^0o/i, ''), 8);
    else {
      try {
        m = symbolicToOctal(s, current, isDir, umask);
      } catch (e) {
        throw new ModuleFailure('mode must be in octal or symbolic form', { path, details: (e as Error).message });
      }
    }
  }
  if (m !== (m & PERM_BITS)) throw new ModuleFailure('Invalid mode supplied, only permission info is allowed', { path, details: m });
  return m;
}

/** A mode argument that is octal or an int needs no probe of the current mode. */
export function isSymbolic(mode: unknown): boolean {
  return typeof mode === 'string' && !/^\s*[+-]?[0-7]+\s*$/.test(mode) && !/^\s*0o[0-7]+\s*$/i.test(mode);
}
