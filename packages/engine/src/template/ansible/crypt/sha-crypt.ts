/** SHA-crypt ($5$ / $6$, Drepper's specification) and MD5-crypt ($1$), as passlib computes them. */
import { createHash } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The crypt "hash64" encoding of 24-bit groups, bytes taken in the given order. */
function encode64(bytes: Buffer, order: number[][]): string {
  let out = '';
  for (const group of order) {
    const [a, b, c] = group.map((i) => (i < 0 ? 0 : bytes[i]!));
    let v = (a! << 16) | (b! << 8) | c!;
    const n = group.length === 3 && group[0]! >= 0 ? 4 : group.filter((i) => i >= 0).length + 1;
    for (let i = 0; i < n; i++) {
      out += ITOA64[v & 0x3f];
      v >>= 6;
    }
  }
  return out;
}

const SHA512_ORDER: number[][] = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10],
  [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41], [-1, -1, 63],
];
const SHA256_ORDER: number[][] = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29], [-1, 31, 30],
];
const MD5_ORDER: number[][] = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5], [-1, -1, 11]];

function repeatTo(src: Buffer, len: number): Buffer {
  const out = Buffer.alloc(len);
  for (let i = 0; i < len; i++) out[i] = src[i % src.length]!;
  return out;
}

/** sha256_crypt / sha512_crypt; `rounds` null means the implicit 5000 (not written in the output). */
export function shaCrypt(algo: 'sha256' | 'sha512', password: Buffer, salt: string, rounds: number | null): string {
  const h = (...parts: Buffer[]): Buffer => {
    const x = createHash(algo);
    for (const p of parts) x.update(p);
    return x.digest();
  };
  const s = Buffer.from(salt.slice(0, 16), 'ascii');
  const n = rounds ?? 5000;
  const b = h(password, s, password);
  const aParts: Buffer[] = [password, s, repeatTo(b, password.length)];
  for (let len = password.length; len > 0; len >>= 1) aParts.push(len & 1 ? b : password);
  const a = h(...aParts);
  const dp = h(...Array<Buffer>(password.length).fill(password));
  const p = repeatTo(dp, password.length);
  const ds = h(...Array<Buffer>(16 + a[0]!).fill(s));
  const sBytes = repeatTo(ds, s.length);
  let c = a;
  for (let i = 0; i < n; i++) {
    const x = createHash(algo);
    x.update(i & 1 ? p : c);
    if (i % 3) x.update(sBytes);
    if (i % 7) x.update(p);
    x.update(i & 1 ? c : p);
    c = x.digest();
  }
  const id = algo === 'sha512' ? '6' : '5';
  const roundsPart = rounds === null ? '' : `rounds=${rounds}$`;
  return `$${id}$${roundsPart}${s.toString('ascii')}$${encode64(c, algo === 'sha512' ? SHA512_ORDER : SHA256_ORDER)}`;
}

/** md5_crypt ($1$), Poul-Henning Kamp's algorithm. */
export function md5Crypt(password: Buffer, salt: string): string {
  const s = Buffer.from(salt.slice(0, 8), 'ascii');
  const md5 = (...parts: Buffer[]): Buffer => {
    const x = createHash('md5');
    for (const p of parts) x.update(p);
    return x.digest();
  };
  const magic = Buffer.from('$1$');
  const b = md5(password, s, password);
  const parts: Buffer[] = [password, magic, s, repeatTo(b, password.length)];
  for (let len = password.length; len > 0; len >>= 1) parts.push(len & 1 ? Buffer.from([0]) : password.subarray(0, 1));
  let c = md5(...parts);
  for (let i = 0; i < 1000; i++) {
    const x = createHash('md5');
    x.update(i & 1 ? password : c);
    if (i % 3) x.update(s);
    if (i % 7) x.update(password);
    x.update(i & 1 ? c : password);
    c = x.digest();
  }
  return `$1$${s.toString('ascii')}$${encode64(c, MD5_ORDER)}`;
}
