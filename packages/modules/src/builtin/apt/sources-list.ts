// ansible's SourcesList (apt_repository.py): one-line sources files (/etc/apt/sources.list and
// sources.list.d/*.list) parsed line by line, lines added, re-enabled or removed, and dumped back
// the way ansible writes them (valid sources with single spaces, disabled ones as "# …").

export interface SourceLine { valid: boolean; enabled: boolean; source: string; comment: string }
export type SourceFiles = Map<string, SourceLine[]>;

export const VALID_SOURCE_TYPES = ['deb', 'deb-src'];
export const SOURCE_PARTS = '/etc/apt/sources.list.d';

export class InvalidSource extends Error {}

/** SourcesList._parse. */
export function parseLine(raw: string, raiseIfInvalidOrDisabled = false): SourceLine {
  let line = raw.trim();
  let enabled = true;
  let comment = '';
  if (line.startsWith('#')) { enabled = false; line = line.slice(1); }
  const i = line.indexOf('#');
  if (i > 0) { comment = line.slice(i + 1).trim(); line = line.slice(0, i); }
  let source = line.trim();
  let valid = false;
  if (source) {
    const chunks = source.split(/\s+/);
    if (VALID_SOURCE_TYPES.includes(chunks[0]!)) { valid = true; source = chunks.join(' '); }
  }
  if (raiseIfInvalidOrDisabled && (!valid || !enabled)) throw new InvalidSource(line);
  return { valid, enabled, source, comment };
}

/** A file's lines as python's `for line in f` gives them (the last one may lack its newline). */
export function parseFile(text: string): SourceLine[] {
  const lines = text.split(/(?<=\n)/).filter((l) => l !== '');
  return lines.map((l) => parseLine(l));
}

/** SourcesList.dump: file → text, files left without lines omitted. */
export function dump(files: SourceFiles): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, lines] of files) {
    if (lines.length === 0) continue;
    out.set(file, lines.map((l) => `${l.enabled ? '' : '# '}${l.source}${l.comment ? ` # ${l.comment}` : ''}\n`).join(''));
  }
  return out;
}

/** _suggest_filename: the first URL's host and path as words joined by "_", or the given filename. */
export function suggestFilename(source: string, filename: string | undefined): string {
  let line = source.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '');
  const parts = line.split(/\s+/).filter((p) => p !== '' && !VALID_SOURCE_TYPES.includes(p));
  let first = parts[0] ?? '';
  if (first.includes('@')) first = first.slice(first.indexOf('@') + 1);
  line = filename ?? first.replace(/[^a-zA-Z0-9]/g, ' ').split(/\s+/).filter(Boolean).join('_');
  return `${line}.list`;
}

/** _expand_path. */
export const expandPath = (f: string) => (f.includes('/') ? f : `${SOURCE_PARTS}/${f}`);

/** _add_valid_source: enable every line with this source, or append it to `file`; returns the new file if one was made. */
export function addSource(files: SourceFiles, source: string, file: string): string | null {
  let found = false;
  for (const lines of files.values()) for (const l of lines) if (l.valid && l.source === source) { l.enabled = true; found = true; }
  if (found) return null;
  const path = expandPath(file);
  if (!files.has(path)) files.set(path, []);
  files.get(path)!.push({ valid: true, enabled: true, source, comment: '' });
  return path;
}

/** _remove_valid_source: every enabled line with this source goes. */
export function removeSource(files: SourceFiles, source: string): void {
  for (const [file, lines] of files) files.set(file, lines.filter((l) => !(l.valid && l.enabled && l.source === source)));
}
