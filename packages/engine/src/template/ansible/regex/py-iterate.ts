/**
 * Python's (3.7+) way of finding successive matches. After an empty match at p, JavaScript moves on
 * to p+1, but Python first tries for a non-empty match still starting at p. That only matters for
 * patterns that can prefer an empty match (lazy quantifiers, alternation: `emptyFirst`).
 */

export interface RawMatch {
  index: number;
  groups: (string | undefined)[];
}

/** A regex that matches at `pos` only if it consumes something: the end may not be `pos`. */
function nonEmptyAt(rx: RegExp, text: string, pos: number): RegExpExecArray | null {
  const sticky = new RegExp(`(?:${rx.source})(?<!^[\\s\\S]{${pos}})`, rx.flags.replace('g', '') + 'y');
  sticky.lastIndex = pos;
  return sticky.exec(text);
}

export function pyMatchAll(rx: RegExp, text: string, limit: number, emptyFirst: boolean): RawMatch[] {
  const out: RawMatch[] = [];
  const search = new RegExp(rx.source, rx.flags.includes('g') ? rx.flags : rx.flags + 'g');
  let pos = 0;
  let mustAdvance = false;
  while (pos <= text.length && out.length < limit) {
    search.lastIndex = pos;
    let m = search.exec(text);
    if (!m) break;
    if (mustAdvance && m.index === pos && m[0] === '') {
      const longer = emptyFirst ? nonEmptyAt(rx, text, pos) : null;
      if (longer) m = longer;
      else {
        const next = pos + ((text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1);
        if (next > text.length) break;
        search.lastIndex = next;
        m = search.exec(text);
        if (!m) break;
      }
    }
    out.push({ index: m.index, groups: [...m] });
    mustAdvance = m[0] === '';
    pos = m.index + m[0].length;
  }
  return out;
}
