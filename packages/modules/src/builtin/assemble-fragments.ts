/** assemble_from_fragments: newline between fragments that lack one, the delimiter between fragments. */
export interface Fragment {
  name: string;
  data: Buffer;
}

/** codecs.escape_decode of the delimiter (\n, \t, \\, \xNN, octal). */
export function pyEscapeDecode(s: string): Buffer {
  const out: number[] = [];
  const bytes = Buffer.from(s, 'utf8');
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c !== 92 || i + 1 >= bytes.length) {
      out.push(c);
      continue;
    }
    const n = String.fromCharCode(bytes[i + 1]!);
    if (simple[n] !== undefined) {
      out.push(simple[n]!);
      i++;
    } else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(bytes[i + 2] ?? 0, bytes[i + 3] ?? 0))) {
      out.push(parseInt(String.fromCharCode(bytes[i + 2]!, bytes[i + 3]!), 16));
      i += 3;
    } else if (/[0-7]/.test(n)) {
      let j = i + 1;
      let v = '';
      while (j < bytes.length && v.length < 3 && /[0-7]/.test(String.fromCharCode(bytes[j]!))) v += String.fromCharCode(bytes[j++]!);
      out.push(parseInt(v, 8) & 0xff);
      i = j - 1;
    } else if (n === '\n') i++;
    else out.push(c);
  }
  return Buffer.from(out);
}

/** `checkNewline`: the module skips the newline after a delimiter that ends in one; the action always adds it. */
export function assembleFragments(fragments: Fragment[], delimiter: Buffer | null, checkNewline: boolean): Buffer {
  const parts: Buffer[] = [];
  let delimit = false;
  let addNewline = false;
  for (const f of fragments) {
    if (addNewline) parts.push(Buffer.from('\n'));
    if (delimit && delimiter && delimiter.length) {
      parts.push(delimiter);
      if (!checkNewline || delimiter[delimiter.length - 1] !== 10) parts.push(Buffer.from('\n'));
    }
    parts.push(f.data);
    delimit = true;
    addNewline = !(f.data.length && f.data[f.data.length - 1] === 10);
  }
  return Buffer.concat(parts);
}
