/**
 * lookup('password'): reads `path`, or creates it with a random password (length, chars, seed) and,
 * with `encrypt`, a salt stored as ` salt=...`. Files are written atomically with mode 0600.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { LookupFn } from '../../types.js';
import { passwordHash } from '../filters/password.js';
import { decodeBytes, encodeText } from '../filters/codecs.js';
import { parseKv } from '../parse-kv.js';
import { abspath, dirname } from '../py-path.js';
import { PyRandom, seedOf } from '../py-random.js';
import { lookupAnsibleError, toText } from '../util.js';
import { pyException } from '../../lookup-errors.js';
import { pyRstrip } from './search.js';

const STRING_MODULE: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  whitespace: ' \t\n\r\x0b\x0c',
};
STRING_MODULE.printable = STRING_MODULE.digits! + STRING_MODULE.ascii_letters + STRING_MODULE.punctuation + STRING_MODULE.whitespace;

const VALID = ['length', 'encrypt', 'chars', 'ident', 'seed'];
const SALT_SIZES: Record<string, number> = { md5_crypt: 8, bcrypt: 22, sha256_crypt: 16, sha512_crypt: 16 };
const SALT_CHARS = STRING_MODULE.ascii_letters! + STRING_MODULE.digits + './';

interface Params {
  path: string;
  length: number;
  encrypt: string | null;
  chars: string[];
  seed: unknown;
  ident: string | null;
}

function parseTerm(term: string, kwargs: Record<string, unknown>): Params {
  const sp = term.indexOf(' ');
  let path = sp < 0 ? term : term.slice(0, sp);
  const params: Record<string, unknown> = sp < 0 ? {} : parseKv(term.slice(sp + 1));
  if (params._raw_params !== undefined) {
    path = `${path} ${params._raw_params as string}`;
    delete params._raw_params;
    if (!term.startsWith(path)) throw lookupAnsibleError('Unrecognized value after key=value parameters given to password lookup');
  }
  const invalid = Object.keys(params).filter((k) => !VALID.includes(k));
  if (invalid.length) throw lookupAnsibleError(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`);
  const get = (k: string, d: unknown): unknown => (params[k] !== undefined ? params[k] : kwargs[k] !== undefined ? kwargs[k] : d);
  let chars = get('chars', ['ascii_letters', 'digits', '.,:-_']);
  if (typeof chars === 'string') {
    const list = chars.includes(',,') ? [','] : [];
    list.push(...chars.replace(/,,/g, ',').split(',').filter(Boolean));
    chars = list;
  }
  const length = Number(get('length', 20));
  if (length > 1_000_000) throw lookupAnsibleError(`password length ${length} is too large (limit 1000000)`);
  if (!Number.isInteger(length) || length < 0) throw pyException('ValueError', `invalid literal for int() with base 10: '${toText(get('length', 20))}'`);
  const encrypt = get('encrypt', null);
  const ident = get('ident', null);
  return { path, length, encrypt: encrypt === null ? null : toText(encrypt), chars: (chars as unknown[]).map((c) => toText(c)), seed: get('seed', null), ident: ident === null ? null : toText(ident) };
}

function candidateChars(specs: string[]): string {
  return specs.map((s) => (Object.hasOwn(STRING_MODULE, s) ? STRING_MODULE[s] : s)).join('').replace(/["']/g, '');
}

function randomPassword(length: number, chars: string, seed: unknown): string {
  const r = new PyRandom(seedOf(seed));
  const pool = [...chars];
  return Array.from({ length }, () => r.choice(pool)).join('');
}

/** _parse_content: "password salt=xxx ident=yyy". */
function parseContent(content: string): { password: string; salt: string | null; ident: string | null } {
  const i = content.lastIndexOf(' salt=');
  if (i < 0) return { password: content, salt: null, ident: null };
  let rem = content.slice(i + 6);
  const j = rem.lastIndexOf(' ident=');
  const ident = j >= 0 ? rem.slice(j + 7) : null;
  if (j >= 0) rem = rem.slice(0, j);
  return { password: content.slice(0, i), salt: rem || null, ident };
}

function writeAtomic(path: string, content: string): void {
  mkdirSync(dirname(path) || '.', { recursive: true, mode: 0o700 });
  const tmp = `${path}.pgplay-tmp-${process.pid}`;
  writeFileSync(tmp, Buffer.concat([encodeText(content), Buffer.from('\n')]), { mode: 0o600 });
  renameSync(tmp, path);
}

export const passwordLookup: LookupFn = (ctx, terms, kwargs) =>
  terms.map((t) => {
    const p = parseTerm(toText(t), kwargs);
    const path = abspath(p.path, ctx.options.cwd ?? process.cwd());
    const isNull = path === '/dev/null';
    let changed = false;
    let password: string;
    let salt: string | null = null;
    let ident: string | null = null;
    if (existsSync(path) && !isNull) ({ password, salt, ident } = parseContent(pyRstrip(decodeBytes(readFileSync(path)))));
    else {
      password = randomPassword(p.length, candidateChars(p.chars), p.seed);
      changed = true;
    }
    if (p.encrypt && !salt) {
      changed = true;
      const r = new PyRandom(null);
      salt = Array.from({ length: SALT_SIZES[p.encrypt] ?? 8 }, () => r.choice([...SALT_CHARS])).join('');
    }
    if (p.ident && ident && p.ident !== ident) throw lookupAnsibleError(`The ident parameter provided (${ident}) does not match the stored one (${p.ident}).`);
    ident ??= p.ident;
    // bcrypt is the only algorithm with an implicit ident ("2b"), which Ansible then stores.
    if (p.encrypt && !ident && (p.encrypt === 'bcrypt' || p.encrypt === 'blowfish')) {
      ident = '2b';
      changed = true;
    }
    if (changed && !isNull) writeAtomic(path, p.encrypt ? `${password} salt=${salt}${ident ? ` ident=${ident}` : ''}` : password);
    return p.encrypt ? passwordHash(password, p.encrypt, salt, null, null, ident) : password;
  });
