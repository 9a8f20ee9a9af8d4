/** The gather script's output, split into the files, commands and markers it printed. */
import { MARK } from './gather-script.js';

export interface Sections {
  /** File contents as read (not stripped), by path. */
  files: Map<string, string>;
  exists: Set<string>;
  links: Map<string, string>;
  /** Command output and exit status, by the name the script gave it. */
  cmds: Map<string, { out: string; rc: number }>;
  /** `command -v` results: program → path. */
  which: Map<string, string>;
  /** Other named sections (env, login, iface, module …), with their order of appearance. */
  named: Array<{ kind: string; arg: string; body: string }>;
}

export function parseSections(stdout: string): Sections {
  const s: Sections = { files: new Map(), exists: new Set(), links: new Map(), cmds: new Map(), which: new Map(), named: [] };
  const chunks = stdout.split(`\n${MARK} `).slice(1);
  for (const chunk of chunks) {
    const nl = chunk.indexOf('\n');
    const header = nl < 0 ? chunk : chunk.slice(0, nl);
    const body = nl < 0 ? '' : chunk.slice(nl + 1);
    const sp = header.indexOf(' ');
    const kind = sp < 0 ? header : header.slice(0, sp);
    const arg = sp < 0 ? '' : header.slice(sp + 1);
    if (kind === 'file') s.files.set(arg, body);
    else if (kind === 'exists') s.exists.add(arg);
    else if (kind === 'link') s.links.set(arg, body.replace(/\n$/, ''));
    else if (kind === 'cmd') s.cmds.set(arg, { out: body, rc: -1 });
    else if (kind === 'rc') {
      const at = arg.lastIndexOf(' ');
      const c = s.cmds.get(arg.slice(0, at));
      if (c) c.rc = Number(arg.slice(at + 1));
    } else if (kind === 'which') {
      const at = arg.indexOf(' ');
      s.which.set(arg.slice(0, at), arg.slice(at + 1));
    } else s.named.push({ kind, arg, body });
  }
  return s;
}

/** get_file_content: stripped contents, or `dflt` when missing or empty. */
export function fileContent(s: Sections, path: string, dflt: string | null = null): string | null {
  const c = s.files.get(path);
  if (c === undefined) return dflt;
  const t = pyStrip(c);
  return t === '' ? dflt : t;
}

/** get_file_lines: the stripped content's lines. */
export function fileLines(s: Sections, path: string): string[] {
  const c = fileContent(s, path);
  return c === null ? [] : c.split('\n');
}

/** A command's stdout when it exited 0. */
export function cmdOut(s: Sections, name: string): string | null {
  const c = s.cmds.get(name);
  return c && c.rc === 0 ? c.out : null;
}

export function named(s: Sections, kind: string, arg?: string): string | undefined {
  return s.named.find((n) => n.kind === kind && (arg === undefined || n.arg === arg))?.body;
}

/** Python's str.strip() with no arguments (ASCII and Unicode whitespace). */
export function pyStrip(v: string): string {
  return v.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, '');
}

/** Python's str.split() with no arguments. */
export function pySplit(v: string): string[] {
  const t = pyStrip(v);
  return t === '' ? [] : t.split(/[\s\x1c-\x1f\x85]+/u);
}
