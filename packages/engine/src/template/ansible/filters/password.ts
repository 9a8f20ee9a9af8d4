/**
 * password_hash: passlib's md5_crypt / sha256_crypt / sha512_crypt / bcrypt as Ansible calls them
 * (rounds default to crypt's 535000 / 656000 and bcrypt's 12; salt random when not given).
 */
import { createHash, randomInt } from 'node:crypto';
import type { FilterFn } from '../../types.js';
import { md5Crypt, shaCrypt } from '../crypt/sha-crypt.js';
import { bcrypt } from '../crypt/bcrypt.js';
import { arg, filterError, toInt, toText, typeError } from '../util.js';
import { pyTypeName } from '../../../values/py.js';
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

export function passwordHash(secret: string, hashtype: string, salt: string | null, saltSize: number | null, rounds: number | null, ident: string | null = null): string {
  const algorithm = MAPPING[hashtype] ?? hashtype;
  const algo = Object.hasOwn(ALGOS, algorithm) ? ALGOS[algorithm]! : null;
  if (algorithm === 'bcrypt') return bcryptHash(secret, salt, rounds, ident);
  if (!algo) {
    const msg = `passlib does not support '${algorithm}' algorithm`;
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

/** passlib's bcrypt: a 22-character salt (its last character repaired), cost 4..31, ident 2a/2b/2y. */
function bcryptHash(secret: string, salt: string | null, rounds: number | null, ident: string | null): string {
  const s = salt ?? Array.from({ length: 22 }, () => SALT_CHARS[randomInt(SALT_CHARS.length)]).join('');
  if (s.length !== 22) throw hashError(`salt too ${s.length < 22 ? 'small' : 'large'} (bcrypt requires exactly 22 chars)`);
  // passlib's repair_unused looks each character up in its alphabet and fails with Python's own words.
  if (/[^./0-9A-Za-z]/.test(s)) throw filterError('substring not found');
  const cost = rounds ?? 12;
  if (cost < 4) throw hashError(`bcrypt: min_desired_rounds (${cost}) is too low, must be at least 4`);
  if (cost > 31) throw hashError(`bcrypt: max_desired_rounds (${cost}) is too high, must be at most 31`);
  if (cost > 16) throw filterError(`bcrypt cost ${cost} is refused by pgplay (at most 16)`);
  const id = ident ?? '2b';
  if (!['2a', '2b', '2y'].includes(id)) throw hashError(`invalid ident: '${id}'`);
  return bcrypt(encodeText(secret), s, cost, id);
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
  if (typeof value !== 'string') throw typeError(`secret must be unicode or bytes, not ${pyTypeName(value)}`);
  const hashtype = toText(arg(args, kwargs, 0, 'hashtype', 'sha512'));
  const salt = arg<unknown>(args, kwargs, 1, 'salt', null);
  const saltSize = arg<unknown>(args, kwargs, 2, 'salt_size', null);
  const rounds = arg<unknown>(args, kwargs, 3, 'rounds', null);
  const ident = arg<unknown>(args, kwargs, 4, 'ident', null);
  return passwordHash(
    toText(value),
    hashtype,
    salt === null || salt === '' ? null : toText(salt),
    saltSize === null ? null : toInt(saltSize),
    rounds === null || rounds === 0 ? null : toInt(rounds),
    ident === null || ident === '' ? null : toText(ident),
  );
};

export const passwordFilters: Record<string, FilterFn> = { password_hash: passwordHashFilter };
