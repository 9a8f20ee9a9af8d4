/** Python str <-> bytes codecs used by b64encode/b64decode, hash and the file lookups. */
import { filterError } from '../util.js';
import { pyRuntimeError } from '../../errors.js';

/** Python codec name to a Node encoding (plus a BOM for plain "utf-16"). */
function codec(encoding: string): { enc: BufferEncoding; bom?: Buffer } {
  const n = encoding.toLowerCase().replace(/[-_ ]/g, '');
  if (n === 'utf8' || n === 'u8' || n === 'utf') return { enc: 'utf8' };
  if (n === 'utf16le') return { enc: 'utf16le' };
  if (n === 'utf16') return { enc: 'utf16le', bom: Buffer.from([0xff, 0xfe]) };
  if (n === 'latin1' || n === 'iso88591' || n === 'l1' || n === 'latin') return { enc: 'latin1' };
  if (n === 'ascii' || n === 'usascii') return { enc: 'ascii' };
  throw pyRuntimeError('LookupError', `unknown encoding: ${encoding}`);
}

/** to_bytes(s, encoding, errors='surrogate_or_strict'): lone surrogates from surrogateescape become bytes again. */
export function encodeText(s: string, encoding = 'utf-8'): Buffer {
  const { enc, bom } = codec(encoding);
  if (enc === 'ascii' || enc === 'latin1') {
    const limit = enc === 'ascii' ? 0x7f : 0xff;
    for (let i = 0; i < s.length; i++) {
      if (s.charCodeAt(i) > limit) {
        const c = s.codePointAt(i)!;
        const esc = c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\U${c.toString(16).padStart(8, '0')}`;
        throw pyRuntimeError('UnicodeEncodeError', `'${enc === 'ascii' ? 'ascii' : 'latin-1'}' codec can't encode character '${esc}' in position ${i}: ordinal not in range(${limit + 1})`);
      }
    }
  }
  if (enc === 'utf8') return utf8Surrogateescape(s);
  const body = Buffer.from(s, enc);
  return bom ? Buffer.concat([bom, body]) : body;
}

function utf8Surrogateescape(s: string): Buffer {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, 'utf8');
  const parts: Buffer[] = [];
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    parts.push(ch.length === 1 && c >= 0xdc80 && c <= 0xdcff ? Buffer.from([c - 0xdc00]) : Buffer.from(ch, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** to_text(bytes, encoding, errors='surrogate_or_strict'): undecodable bytes become U+DC80..U+DCFF. */
export function decodeBytes(b: Buffer, encoding = 'utf-8'): string {
  const { enc } = codec(encoding);
  if (enc !== 'utf8') return b.toString(enc === 'ascii' ? 'latin1' : enc);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    return decodeUtf8Lenient(b);
  }
}

function decodeUtf8Lenient(b: Buffer): string {
  let out = '';
  let i = 0;
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  while (i < b.length) {
    const lead = b[i]!;
    const len = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (len > 0 && i + len <= b.length) {
      try {
        out += dec.decode(b.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // falls through to the escape of one byte
      }
    }
    out += String.fromCharCode(0xdc00 + lead);
    i++;
  }
  return out;
}

/** base64.b64decode without validation: characters outside the alphabet are discarded. */
export function b64decodeBytes(s: string): Buffer {
  const cleaned = s.replace(/[^A-Za-z0-9+/=]/g, '');
  const data = cleaned.replace(/=.*$/s, '');
  const pad = cleaned.length - data.length;
  const rem = data.length % 4;
  if (rem === 1) throw pyRuntimeError('binascii.Error', `Invalid base64-encoded string: number of data characters (${data.length}) cannot be 1 more than a multiple of 4`);
  if (rem !== 0 && pad < 4 - rem) throw pyRuntimeError('binascii.Error', 'Incorrect padding');
  return Buffer.from(data, 'base64');
}
