/**
 * The normalisation list of README.md, implemented exactly; nothing else is forgiven.
 *  1. paths of the side's sandbox → <WORK>, <CASE>, <HOME>, <ROOT>
 *  2. keys `start`, `end`, `delta`, `stop` whose value is a timestamp, a duration or null → dropped;
 *     pause's "Paused for 1.04 seconds" → "Paused for <DURATION> seconds"
 *  3. keys `invocation` and `_ansible_*` → dropped (at any depth)
 *  4. text only: the `Using … as config file` line (-v) and Python interpreter warnings → dropped
 *  5. ansible side only: the values a case lists as `secrets` → ******** (pgplay masks values
 *     from vault, ansible prints them: a deliberate difference; no_log values ansible never prints)
 *  6. file-module temp names: a backup's `.<pid>.<date>@<time>~` suffix → `.<PID>.<TIME>~`; the temp
 *     file a copy/template uploaded (ansible: `…/ansible-tmp-…/source` or `/src`, pgplay: a temp beside the
 *     destination, `.name.pgplay-<hex>`) → `<UPLOADED>`; the controller temp file copy's `content`
 *     is written to (ansible: `ansible-local-…/tmp…`, pgplay: `pgplay-local-…/tmp…`) → `<CONTENT_TMP>`
 *  7. a case's `volatile_keys` (case.yaml; values that differ between two runs of ansible itself,
 *     such as stat's inode or ctime) → value `<VOLATILE>` at any depth, in events and pretty-printed
 *     text (the key itself must be there on both sides)
 *  8. a result's `exception` (a Python traceback) → its last line (`re.error: missing ), …`), which is
 *     all the default callback prints below -vvv; pgplay has no Python frames to show
 */
import { PyFloatText } from './json-lines.js';

export interface SandboxPaths {
  root: string;
  work: string;
  caseDir: string;
  home: string;
}

const BACKUP_SUFFIX = /\.\d+\.\d{4}-\d\d-\d\d@\d\d:\d\d:\d\d~/g;
// ansible's remote temp dir: the sandbox's <HOME>/tmp locally, the remote user's ~/.ansible/tmp over SSH.
const UPLOADED = [/[^\s"']*\/ansible-tmp-[\d.]+-\d+-\d+\/(?:source|src)\b/g, /[^\s"']*\/\.[^/\s"']+\.pgplay-[0-9a-f]{12}/g];

const CONTENT_TMP = /[^\s"']*\/(?:ansible|pgplay)-local-[^/\s"']+\/tmp\w+/g;

/** Rule 5 on any text (paths already replaced). */
export function volatileNames(s: string): string {
  const named = s.replace(BACKUP_SUFFIX, '.<PID>.<TIME>~').replace(CONTENT_TMP, '<CONTENT_TMP>');
  return UPLOADED.reduce((acc, re) => acc.replace(re, '<UPLOADED>'), named);
}

export function pathReplacer(p: SandboxPaths): (s: string) => string {
  // Longest first, so <WORK> wins over <ROOT>.
  const pairs: Array<[string, string]> = [
    [p.work, '<WORK>'],
    [p.caseDir, '<CASE>'],
    [p.home, '<HOME>'],
    [p.root, '<ROOT>'],
  ];
  return (s) => volatileNames(pairs.reduce((acc, [from, to]) => acc.split(from).join(to), s));
}

/** Rule 5: `paths` followed by masking the case's secrets (longest first). */
export function secretMasker(paths: (s: string) => string, secrets: readonly string[]): (s: string) => string {
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return (s) => sorted.reduce((acc, x) => acc.split(x).join('********'), paths(s));
}

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+$/;
const DURATION = /^\d+:\d\d:\d\d\.\d+$/;
const TIME_KEYS = new Set(['start', 'end', 'delta', 'stop']);
const PAUSED = /Paused for \d+(?:\.\d+)? (seconds|minutes)/g;
const durations = (s: string): string => s.replace(PAUSED, 'Paused for <DURATION> $1');

function isTimeValue(v: unknown): boolean {
  return v === null || (typeof v === 'string' && (TIMESTAMP.test(v) || DURATION.test(v)));
}

const NONE: ReadonlySet<string> = new Set();

/** Rules 1–3, 5, 6 on a decoded value (an event, a result). */
export function normaliseValue(v: unknown, paths: (s: string) => string, volatile: ReadonlySet<string> = NONE): unknown {
  if (typeof v === 'string') return durations(paths(v));
  if (v instanceof PyFloatText || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => normaliseValue(x, paths, volatile));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'invocation' || k.startsWith('_ansible_')) continue;
    // A volatile key's value is masked, never dropped: both sides must still report the key.
    if (volatile.has(k)) {
      out[paths(k)] = '<VOLATILE>';
      continue;
    }
    if (TIME_KEYS.has(k) && isTimeValue(x)) continue;
    if (k === 'exception' && typeof x === 'string') {
      out[k] = paths(x.trim().split('\n').at(-1)!);
      continue;
    }
    out[paths(k)] = normaliseValue(x, paths, volatile);
  }
  return out;
}

const TIME_VALUE_SRC = '(?:"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+"|"\\d+:\\d\\d:\\d\\d\\.\\d+"|null)';
/** Compact JSON (one-line results): `"start": "…", ` / `, "start": "…"` / `"_ansible_x": …, `. */
const COMPACT_DROPS = [
  new RegExp(`"(?:start|end|delta|stop)": ${TIME_VALUE_SRC}, `, 'g'),
  new RegExp(`, "(?:start|end|delta|stop)": ${TIME_VALUE_SRC}(?=})`, 'g'),
  /"_ansible_[A-Za-z0-9_]+": (?:"(?:[^"\\]|\\.)*"|true|false|null|-?[\d.]+), /g,
  /, "_ansible_[A-Za-z0-9_]+": (?:"(?:[^"\\]|\\.)*"|true|false|null|-?[\d.]+)(?=})/g,
];
const PRETTY_TIME_LINE = new RegExp(`^\\s*"(?:start|end|delta|stop)": ${TIME_VALUE_SRC},?$`);
const PRETTY_DROP_BLOCK = /^(\s*)"(?:invocation|_ansible_[A-Za-z0-9_]+)": (.*)$/;
const KNOWN_LINE_START = /^(ok|changed|fatal|failed|skipping|included): |^(TASK|PLAY|RUNNING HANDLER) |^\[WARNING\]|^\.\.\.ignoring|^FAILED - RETRYING/;
const INTERPRETER_WARNING = /^\[WARNING\]: Platform \S+ on host \S+ is using the discovered Python interpreter/;

/** Rules 1–4 on the default-callback text. */
export function normaliseText(text: string, paths: (s: string) => string, volatile: ReadonlySet<string> = NONE): string[] {
  const lines = durations(paths(text)).split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^Using .* as config file$/.test(line)) continue;
    if (INTERPRETER_WARNING.test(line)) {
      // ansible wraps the warning over several lines; they run until the next blank or known line.
      while (i + 1 < lines.length && lines[i + 1] !== '' && !KNOWN_LINE_START.test(lines[i + 1]!)) i++;
      continue;
    }
    if (isVolatileLine(line, volatile)) {
      out.push(line.replace(/^(\s*"[A-Za-z0-9_]+": )[^,]*?(,?)$/, '$1"<VOLATILE>"$2'));
      continue;
    }
    if (PRETTY_TIME_LINE.test(line)) {
      fixTrailingComma(out, lines[i + 1]);
      continue;
    }
    const block = PRETTY_DROP_BLOCK.exec(line);
    if (block) {
      const indent = block[1]!;
      const rest = block[2]!;
      if (rest === '{' || rest === '[') {
        while (i + 1 < lines.length && !new RegExp(`^${indent}[}\\]],?$`).test(lines[i + 1]!)) i++;
        i++;
      }
      fixTrailingComma(out, lines[i + 1]);
      continue;
    }
    for (const re of COMPACT_DROPS) line = line.replace(re, '');
    out.push(line);
  }
  return out;
}

/** A pretty-printed `"key": scalar,` line of a volatile key. */
function isVolatileLine(line: string, volatile: ReadonlySet<string>): boolean {
  const m = /^\s*"([A-Za-z0-9_]+)": [^[{]*$/.exec(line);
  return m !== null && volatile.has(m[1]!);
}

/** After dropping the last key of a pretty-printed object, the previous line loses its comma. */
function fixTrailingComma(out: string[], next: string | undefined): void {
  if (next === undefined || !/^\s*[}\]],?$/.test(next)) return;
  const last = out.length - 1;
  if (last >= 0) out[last] = out[last]!.replace(/,$/, '');
}
