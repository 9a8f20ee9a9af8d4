/** LocalFactCollector: `<fact_path>/*.fact`, run when executable, read as JSON, else as INI. */
import type { Sections } from './sections.js';

type Facts = Record<string, unknown>;

/** configparser's reading of the common INI shape: [section] then key = value / key: value. */
function parseIni(text: string): Record<string, Record<string, string>> | null {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | null = null;
  let lastKey: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const sec = /^\[([^\]]+)\]/.exec(raw);
    if (sec) {
      section = out[sec[1]!] ??= {};
      lastKey = null;
      continue;
    }
    if (/^\s/.test(raw) && section && lastKey) {
      section[lastKey] += `\n${raw.trim()}`;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (!section || !kv) return null; // MissingSectionHeaderError / ParsingError
    lastKey = kv[1]!.toLowerCase();
    section[lastKey] = kv[2]!;
  }
  return out;
}

export function localFacts(s: Sections, warn: (m: string) => void): Facts {
  const dir = s.named.find((n) => n.kind === 'local_dir')?.arg;
  if (dir === undefined) return { local: {} };
  const local: Facts = {};
  const names = new Set<string>();
  for (const p of s.files.keys()) if (p.startsWith(`${dir}/`) && p.endsWith('.fact')) names.add(p);
  for (const n of s.cmds.keys()) if (n.startsWith('fact ')) names.add(n.slice(5));
  for (const fn of [...names].sort()) {
    const base = fn.split('/').pop()!.replace('.fact', '');
    let out: string;
    const run = s.cmds.get(`fact ${fn}`);
    if (run) {
      if (run.rc !== 0) {
        const msg = `Failure executing fact script (${fn}), rc: ${run.rc}, err: `;
        local[base] = msg;
        warn(msg);
        continue;
      }
      out = run.out;
    } else out = (s.files.get(fn) ?? '').trim();
    try {
      local[base] = JSON.parse(out);
    } catch {
      const ini = parseIni(out);
      if (ini === null) {
        const msg = `error loading facts as JSON or ini - please check content: ${fn}`;
        warn(msg);
        local[base] = msg;
      } else local[base] = ini;
    }
  }
  return { local };
}
