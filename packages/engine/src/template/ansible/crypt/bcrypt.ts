/**
 * bcrypt ($2b$), as passlib computes it for password_hash('blowfish'). Blowfish's initial P-array
 * and S-boxes are the hexadecimal digits of pi, computed once (BigInt Machin formula) instead of
 * a kilobyte-long table in the source.
 */

const B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const WORDS = 18 + 4 * 256;
let piWords: Uint32Array | null = null;

/** The first `WORDS` 32-bit words of pi's fractional part (0x243f6a88, 0x85a308d3, …). */
function piFraction(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint): bigint => {
    let power = one / x;
    const x2 = x * x;
    let sum = 0n;
    for (let k = 1n; power !== 0n; k += 2n) {
      sum += (k & 2n ? -power : power) / k;
      power /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  let frac = (pi - 3n * one) >> 64n;
  const out = new Uint32Array(WORDS);
  for (let i = WORDS - 1; i >= 0; i--) {
    out[i] = Number(frac & 0xffffffffn);
    frac >>= 32n;
  }
  piWords = out;
  return out;
}

class Blowfish {
  readonly P: Uint32Array;
  readonly S: Uint32Array;
  constructor() {
    const init = piFraction();
    this.P = init.slice(0, 18);
    this.S = init.slice(18);
  }
  private f(x: number): number {
    const S = this.S;
    return ((((S[x >>> 24]! + S[256 | ((x >>> 16) & 0xff)]!) ^ S[512 | ((x >>> 8) & 0xff)]!) + S[768 | (x & 0xff)]!) >>> 0);
  }
  encipher(lr: Uint32Array, off: number): void {
    const P = this.P;
    let l = lr[off]! ^ P[0]!;
    let r = lr[off + 1]!;
    for (let i = 0; i <= 14; i += 2) {
      r ^= this.f(l) ^ P[i + 1]!;
      l ^= this.f(r) ^ P[i + 2]!;
    }
    lr[off] = (r ^ P[17]!) >>> 0;
    lr[off + 1] = l >>> 0;
  }
  /** ExpandKey(state, salt, key); a null salt is the plain key schedule. */
  expand(key: Buffer, salt: Buffer | null): void {
    let kpos = 0;
    const word = (data: Buffer, pos: { v: number }): number => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = ((w << 8) | data[pos.v]!) >>> 0;
        pos.v = (pos.v + 1) % data.length;
      }
      return w;
    };
    const kp = { v: kpos };
    for (let i = 0; i < 18; i++) this.P[i] = (this.P[i]! ^ word(key, kp)) >>> 0;
    kpos = kp.v;
    const sp = { v: 0 };
    const lr = new Uint32Array(2);
    const fill = (arr: Uint32Array): void => {
      for (let i = 0; i < arr.length; i += 2) {
        if (salt) {
          lr[0] = lr[0]! ^ word(salt, sp);
          lr[1] = lr[1]! ^ word(salt, sp);
        }
        this.encipher(lr, 0);
        arr[i] = lr[0]!;
        arr[i + 1] = lr[1]!;
      }
    };
    fill(this.P);
    fill(this.S);
  }
}

function encode64(bytes: Buffer, length: number): string {
  let out = '';
  for (let i = 0; i < length; ) {
    const c1 = bytes[i++]!;
    out += B64[c1 >> 2];
    let c = (c1 & 0x03) << 4;
    if (i >= length) {
      out += B64[c];
      break;
    }
    const c2 = bytes[i++]!;
    out += B64[c | (c2 >> 4)];
    c = (c2 & 0x0f) << 2;
    if (i >= length) {
      out += B64[c];
      break;
    }
    const c3 = bytes[i++]!;
    out += B64[c | (c3 >> 6)] + B64[c3 & 0x3f];
  }
  return out;
}

function decode64(s: string, length: number): Buffer {
  const vals = [...s].map((ch) => B64.indexOf(ch));
  const out: number[] = [];
  for (let i = 0; out.length < length && i + 1 < vals.length; i += 4) {
    out.push(((vals[i]! << 2) | (vals[i + 1]! >> 4)) & 0xff);
    if (out.length < length && i + 2 < vals.length) out.push((((vals[i + 1]! & 0x0f) << 4) | (vals[i + 2]! >> 2)) & 0xff);
    if (out.length < length && i + 3 < vals.length) out.push((((vals[i + 2]! & 0x03) << 6) | vals[i + 3]!) & 0xff);
  }
  return Buffer.from(out);
}

/** passlib's bcrypt64.repair_unused: the last salt character carries only 2 bits. */
export function repairSalt(salt: string): string {
  const last = B64.indexOf(salt[21]!);
  return salt.slice(0, 21) + B64[last & 0x30];
}

export function bcrypt(password: Buffer, salt22: string, cost: number, ident = '2b'): string {
  const salt = repairSalt(salt22);
  const saltBytes = decode64(salt, 16);
  const key = Buffer.concat([password, Buffer.from([0])]).subarray(0, 72);
  const bf = new Blowfish();
  bf.expand(key, saltBytes);
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(key, null);
    bf.expand(saltBytes, null);
  }
  const ctext = new Uint32Array(6);
  const magic = Buffer.from('OrpheanBeholderScryDoubt', 'ascii');
  for (let i = 0; i < 6; i++) ctext[i] = magic.readUInt32BE(i * 4);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 6; j += 2) bf.encipher(ctext, j);
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(ctext[i]!, i * 4);
  return `$${ident}$${String(cost).padStart(2, '0')}$${salt}${encode64(out, 23)}`;
}
