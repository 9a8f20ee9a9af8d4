// Reads the Debian archive this machine's apt uses, at run time, from apt's own source files
// (one-line .list and deb822 .sources). The repo never names an archive host.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEBIAN_SUITE } from './config.js';

export interface AptSource {
  /** e.g. http://host/debian (no trailing slash). */
  uri: string;
  suites: string[];
  components: string[];
}

function parseList(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line.startsWith('deb ')) continue;
    // Drop "[ options ]" and keep: deb URI SUITE COMPONENT...
    const words = line.replace(/\[[^\]]*\]/, ' ').split(/\s+/).filter(Boolean);
    if (words.length >= 3) out.push({ uri: words[1]!, suites: [words[2]!], components: words.slice(3) });
  }
  return out;
}

function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    if (fields.get('enabled') === 'no' || !(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    const components = (fields.get('components') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) out.push({ uri, suites, components });
  }
  return out;
}

/** The http(s) Debian sources for our suite family (bookworm, -updates, -security). */
export function readDebianSources(etc = '/etc/apt'): AptSource[] {
  const found: AptSource[] = [];
  const read = (p: string) => { try { return readFileSync(p, 'utf8'); } catch { return ''; } };
  found.push(...parseList(read(join(etc, 'sources.list'))));
  let names: string[] = [];
  try { names = readdirSync(join(etc, 'sources.list.d')).sort(); } catch { /* none */ }
  for (const n of names) {
    const p = join(etc, 'sources.list.d', n);
    if (n.endsWith('.list')) found.push(...parseList(read(p)));
    else if (n.endsWith('.sources')) found.push(...parseDeb822(read(p)));
  }
  const ours = found
    .filter((s) => /^https?:\/\//.test(s.uri))
    .map((s) => ({ ...s, uri: s.uri.replace(/\/+$/, ''), suites: s.suites.filter((x) => x === DEBIAN_SUITE || x.startsWith(`${DEBIAN_SUITE}-`)) }))
    .filter((s) => s.suites.length > 0);
  if (!ours.some((s) => s.suites.includes(DEBIAN_SUITE))) {
    throw new Error(`lab: no http(s) '${DEBIAN_SUITE}' source in ${etc}/sources.list(.d); the lab installs only from the archive apt uses`);
  }
  return ours;
}

/** sources.list lines for a lab host; always plain http, since hosts reach the archive only via the proxy. */
export function hostSourcesList(sources: AptSource[]): string {
  return sources
    .flatMap((s) => s.suites.map((suite) => `deb ${s.uri.replace(/^https:/, 'http:')} ${suite} ${(s.components.length ? s.components : ['main']).join(' ')}`))
    .join('\n') + '\n';
}
