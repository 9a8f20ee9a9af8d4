/** Python's inline global flags, `(?imsx)` at the very start of a pattern. */
import type { TemplateError } from '../../errors.js';
import { reError, type State } from './translate.js';

export interface PyFlags {
  /** re.IGNORECASE */ i: boolean;
  /** re.MULTILINE */ m: boolean;
  /** re.DOTALL */ s: boolean;
  /** re.VERBOSE */ x: boolean;
  /** re.ASCII: \d \w \s and \b match ASCII only */ a: boolean;
}

/** Consumes leading `(?flags)` groups; Python 3.11 rejects them anywhere else. */
export function parseGlobalFlags(st: State, unsupported: (what: string, pattern: string) => TemplateError): void {
  for (;;) {
    const m = /^\(\?([a-zA-Z]+)\)/.exec(st.src.slice(st.pos));
    if (!m) return;
    for (const f of m[1]!) {
      if (f === 'L') throw reError('bad inline flag: cannot use \'L\' flag with a str pattern', st.src, st.pos + 2);
      if (f === 'u') {
        if (st.flags.a) throw reError("bad inline flag: flags 'a', 'u' and 'L' are incompatible", st.src, st.pos + 2);
        continue;
      }
      if (!'imsxa'.includes(f)) throw reError(`unknown flag`, st.src, st.pos + 2);
      st.flags[f as keyof PyFlags] = true;
    }
    st.pos += m[0].length;
  }
  void unsupported;
}
