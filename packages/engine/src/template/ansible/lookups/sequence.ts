/** lookup('sequence'): `[start-]end[/stride][:format]` or `start= end= count= stride= format=`. */
import type { LookupFn } from '../../types.js';
import { parseKv } from '../parse-kv.js';
import { percentFormat } from '../py-percent.js';
import { lookupAnsibleError, toText } from '../util.js';

const NUM = '(0?x?[0-9a-f]+)';
const SHORTCUT = new RegExp(`^(${NUM}-)?${NUM}(/${NUM})?(:(.+))?$`, 'is');
const MAX_ITEMS = 1_000_000;

interface Seq {
  start: number;
  end: number | null;
  count: number | null;
  stride: number;
  format: string;
}

/** int(text, 0): decimal, 0x hex, 0o octal, 0b binary (a bare leading 0 is an error, as in Python). */
function int0(name: string, text: string): number {
  const t = text.trim().toLowerCase().replace(/_/g, '');
  const m = /^([-+]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|0+|[1-9]\d*)$/.exec(t);
  if (!m) throw lookupAnsibleError(`can't parse ${name}=${text} as integer`);
  const body = m[2]!;
  const v = body.startsWith('0x') ? parseInt(body.slice(2), 16) : body.startsWith('0o') ? parseInt(body.slice(2), 8) : body.startsWith('0b') ? parseInt(body.slice(2), 2) : Number(body);
  return m[1] === '-' ? -v : v;
}

function parse(term: string): Seq {
  const seq: Seq = { start: 1, end: null, count: null, stride: 1, format: '%d' };
  const m = SHORTCUT.exec(term);
  if (m) {
    if (m[2] !== undefined) seq.start = int0('start', m[2]);
    seq.end = int0('end', m[3]!);
    if (m[5] !== undefined) seq.stride = int0('stride', m[5]);
    if (m[7] !== undefined) seq.format = m[7];
    return seq;
  }
  const args = parseKv(term);
  for (const k of ['start', 'end', 'count', 'stride'] as const) {
    if (args[k] === undefined) continue;
    seq[k] = int0(k, args[k]!);
    delete args[k];
  }
  if (args.format !== undefined) {
    seq.format = args.format;
    delete args.format;
  }
  const rest = Object.keys(args);
  if (rest.length) throw lookupAnsibleError(`unrecognized arguments to with_sequence: [${rest.map((k) => `'${k}'`).join(', ')}]`);
  return seq;
}

function generate(seq: Seq): string[] {
  if (seq.count === null && seq.end === null) throw lookupAnsibleError('must specify count or end in with_sequence');
  if (seq.count !== null && seq.end !== null) throw lookupAnsibleError("can't specify both count and end in with_sequence");
  let { start, stride } = seq;
  let end = seq.end ?? 0;
  if (seq.count !== null) {
    if (seq.count !== 0) end = start + seq.count * stride - 1;
    else [start, end, stride] = [0, 0, 0];
  }
  if (stride > 0 && end < start) throw lookupAnsibleError('to count backwards make stride negative');
  if (stride < 0 && end > start) throw lookupAnsibleError("to count forward don't make stride negative");
  if ((seq.format.match(/%/g) ?? []).length !== 1) throw lookupAnsibleError(`bad formatting string: ${seq.format}`);
  if (stride === 0) return [];
  const stop = end + (stride >= 0 ? 1 : -1);
  const n = Math.max(0, Math.ceil((stop - start) / stride));
  if (n > MAX_ITEMS) throw lookupAnsibleError(`with_sequence would generate ${n} items (limit ${MAX_ITEMS})`);
  return Array.from({ length: n }, (_, i) => {
    const v = start + i * stride;
    try {
      return percentFormat(seq.format, v);
    } catch {
      throw lookupAnsibleError(`problem formatting ${v} with '${seq.format}'`);
    }
  });
}

export const sequenceLookup: LookupFn = (_ctx, terms) => terms.flatMap((t) => generate(parse(toText(t))));
