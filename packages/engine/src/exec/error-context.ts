/**
 * "The error appears to be in …" with the offending line, as ansible-core's AnsibleError
 * extended message prints it (errors/__init__.py _get_extended_error).
 */
import { readFileSync } from 'node:fs';
import type { Pos } from '../load/yaml-source.js';

const UNQUOTED_VARIABLE = `We could be wrong, but this one looks like it might be an issue with
missing quotes. Always quote template expression brackets when they
start a value. For instance:

    with_items:
      - {{ foo }}

Should be written as:

    with_items:
      - "{{ foo }}"
`;

const lineCache = new Map<string, string[]>();

function lines(file: string): string[] | undefined {
  let l = lineCache.get(file);
  if (!l) {
    try {
      l = readFileSync(file, 'utf8').split('\n');
    } catch {
      return undefined;
    }
    lineCache.set(file, l);
  }
  return l;
}

export function errorContext(pos: Pos): string {
  let msg = `\n\nThe error appears to be in '${pos.file}': line ${pos.line}, column ${pos.column}, but may\nbe elsewhere in the file depending on the exact syntax problem.\n`;
  const src = lines(pos.file);
  if (!src) return msg + '\n(could not open file to display line)';
  const target = src[pos.line - 1] ?? '';
  const prev = pos.line >= 2 ? src[pos.line - 2] ?? '' : '';
  if (!target) return msg;
  msg += `\nThe offending line appears to be:\n\n${prev.trimEnd()}\n${target.trimEnd()}\n${' '.repeat(pos.column - 1)}^ here\n`;
  if (target.includes('{{') && target.includes('}}') && (!target.includes('"{{') || !target.includes("'{{"))) msg += UNQUOTED_VARIABLE;
  return msg;
}
