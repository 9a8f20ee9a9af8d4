/** uri.py's form_urlencoded: urlencode(pairs, doseq=True) with Python's quote_plus. */
import { ModuleFailure } from '@pgplay/engine/module-api';

function quotePlus(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

function pyText(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

export function formUrlencoded(body: unknown): string {
  if (typeof body === 'string') return body;
  let pairs: [unknown, unknown][];
  if (Array.isArray(body)) {
    pairs = body.map((x) => {
      if (!Array.isArray(x) || x.length !== 2) throw new ModuleFailure('failed to parse body as form_urlencoded: too many values to unpack (expected 2)', { elapsed: 0 });
      return [x[0], x[1]];
    });
  } else if (body && typeof body === 'object') pairs = Object.entries(body);
  else return pyText(body);
  const out: string[] = [];
  for (const [k, values] of pairs) {
    const list = Array.isArray(values) ? values : values && typeof values === 'object' ? Object.keys(values) : [values];
    for (const v of list) if (v !== null && v !== undefined) out.push(`${quotePlus(pyText(k))}=${quotePlus(pyText(v))}`);
  }
  return out.join('&');
}
