/**
 * JSON as Python writes it, read without losing what matters for Ansible typing: a float such as
 * `1.0` must stay distinguishable from the int `1` (JSON.parse would merge them). Floats become
 * `PyFloatText` objects holding their source text; everything else is plain JSON.
 */
export class PyFloatText {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `<float ${this.text}>`;
  }
}

const FLOAT_KEY = '$pgplayFloat';

/** Wraps float literals (outside strings) as {"$pgplayFloat":"1.0"} before JSON.parse. */
function wrapFloats(src: string): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?|^-?Infinity|^NaN/.exec(src.slice(i, i + 64));
    if (m && (c === '-' || /[\dIN]/.test(c))) {
      const lit = m[0];
      out += /[.eEIN]/.test(lit) ? JSON.stringify({ [FLOAT_KEY]: lit }) : lit;
      i += lit.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

export function parsePyJson(src: string): unknown {
  return JSON.parse(wrapFloats(src), (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === FLOAT_KEY) return new PyFloatText(String((v as Record<string, unknown>)[FLOAT_KEY]));
    }
    return v;
  });
}

export interface ParsedLines {
  values: unknown[];
  /** Lines that were not JSON: reported, because `--output json` must print nothing else. */
  garbage: string[];
}

export function parseJsonLines(text: string): ParsedLines {
  const values: unknown[] = [];
  const garbage: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(parsePyJson(line));
    } catch {
      garbage.push(line);
    }
  }
  return { values, garbage };
}
