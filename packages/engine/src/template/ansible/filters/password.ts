/**
 * password_hash: passlib's md5_crypt / sha256_crypt / sha512_crypt as Ansible calls them (rounds
 * default to crypt's 535000 / 656000, salt random when not given). bcrypt is not implemented.
 */
import { createHash, randomInt } from 'node:crypto';
import type { FilterFn } from '../../types.js';
import { md5Crypt, shaCrypt } from '../crypt/sha-crypt.js';
import { arg, filterError, toInt, toText } from '../util.js';
import { encodeText } from './codecs.js';

const MAPPING: Record<string, string> = { md5: 'md5_crypt', blowfish: 'bcrypt', sha256: 'sha256_crypt', sha512: 'sha512_crypt' };
const ALGOS: Record<string, { saltSize: number; rounds: number | null }> = {
  md5_crypt: { saltSize: 8, rounds: null },
  sha256_crypt: { saltSize: 16, rounds: 535000 },
  sha512_crypt: { saltSize: 16, rounds: 656000 },
};
const MAX_ROUNDS = 5_000_000;
const SALT_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./';

/** Ansible raises AnsibleFilterError(str(e), orig_exc=e), so the message appears twice. */
function hashError(detail: string): Error {
  const inner = `Could not hash the secret.. ${detail}`;
  return filterError(`${inner}. ${inner}`);
}

export function passwordHash(secret: string, hashtype: string, salt: string | null, saltSize: number | null, rounds: number | null): string {
  const algorithm = MAPPING[hashtype] ?? hashtype;
  const algo = Object.hasOwn(ALGOS, algorithm) ? ALGOS[algorithm]! : null;
  if (!algo) {
    const msg = `passlib does not support '${algorithm}' algorithm`;
    if (algorithm === 'bcrypt') throw filterError('bcrypt password hashes are not implemented in pgplay');
    throw filterError(`${msg}. ${msg}`);
  }
  let s = salt;
  if (s === null) {
    const size = saltSize ?? algo.saltSize;
    s = Array.from({ length: size }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('');
  }
  if (/[^./0-9A-Za-z]/.test(s)) throw hashError(`invalid characters in ${algorithm} salt`);
  if (s.length > algo.saltSize) throw hashError(`salt too large (${algorithm} requires <= ${algo.saltSize} chars)`);
  const pw = encodeText(secret);
  if (algorithm === 'md5_crypt') return md5Crypt(pw, s);
  const n = rounds ?? algo.rounds!;
  // passlib allows up to 999999999 rounds (an hour of hashing); pgplay refuses what would stall a run.
  if (n > MAX_ROUNDS) throw filterError(`rounds above ${MAX_ROUNDS} are refused by pgplay (got ${n})`);
  const limits = { min: 1000, max: 999999999 };
  if (n < limits.min || n > limits.max) throw hashError(`rounds too ${n < limits.min ? 'low' : 'high'} (${algorithm} requires ${n < limits.min ? '>=' : '<='} ${n < limits.min ? limits.min : limits.max} rounds)`);
  return cachedShaCrypt(algorithm === 'sha512_crypt' ? 'sha512' : 'sha256', pw, s, n === 5000 ? null : n);
}

/**
 * 656000 rounds take about two seconds here, and Ansible templates a task's arguments more than
 * once; identical (password, salt, rounds) requests are answered from a small cache keyed by a
 * digest of the password, never the password itself.
 */
const shaCache = new Map<string, string>();

function cachedShaCrypt(algo: 'sha256' | 'sha512', pw: Buffer, salt: string, rounds: number | null): string {
  const key = `${algo}$${salt}$${rounds}$${createHash('sha256').update(pw).digest('hex')}`;
  let out = shaCache.get(key);
  if (out === undefined) {
    out = shaCrypt(algo, pw, salt, rounds);
    if (shaCache.size >= 64) shaCache.delete(shaCache.keys().next().value as string);
    shaCache.set(key, out);
  }
  return out;
}

const passwordHashFilter: FilterFn = (_ctx, value, args, kwargs) => {
  const hashtype = toText(arg(args, kwargs, 0, 'hashtype', 'sha512'));
  const salt = arg<unknown>(args, kwargs, 1, 'salt', null);
  const saltSize = arg<unknown>(args, kwargs, 2, 'salt_size', null);
  const rounds = arg<unknown>(args, kwargs, 3, 'rounds', null);
  return passwordHash(
    toText(value),
    hashtype,
    salt === null || salt === '' ? null : toText(salt),
    saltSize === null ? null : toInt(saltSize),
    rounds === null || rounds === 0 ? null : toInt(rounds),
  );
};

export const passwordFilters: Record<string, FilterFn> = { password_hash: passwordHashFilter };
