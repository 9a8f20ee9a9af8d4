/**
 * The comparison for cases whose host interleaving is not deterministic even in ansible
 * (`strategy: free`, `host_pinned`): only what ansible makes deterministic must agree — each
 * host's own sequence of results (task name, status, item, result), the `included` reports per
 * host, the play banners and the recap, in events and in text.
 */
import { diffValues } from './diff-values.js';

type Ev = Record<string, unknown>;

function perHost(events: Ev[]): Map<string, Ev[]> {
  const out = new Map<string, Ev[]>();
  const add = (h: string, e: Ev) => out.set(h, [...(out.get(h) ?? []), e]);
  for (const e of events) {
    const task = (e['task'] ?? {}) as Ev;
    if (e['kind'] === 'host-result') {
      add(String(e['host']), { task: task['name'], status: e['status'], item: (e['item'] as Ev | undefined)?.['label'] ?? null, ignored: e['ignored'] === true, result: e['result'] });
    } else if (e['kind'] === 'included') {
      for (const h of e['hosts'] as string[]) add(h, { included: e['file'], item: (e['item'] as Ev | undefined)?.['label'] ?? null });
    }
  }
  return out;
}

function skeleton(events: Ev[]): Ev[] {
  return events
    .filter((e) => ['play-start', 'play-end', 'recap', 'playbook-start', 'playbook-end', 'no-hosts-matched'].includes(String(e['kind'])))
    .map((e) => ({ kind: e['kind'], name: ((e['play'] ?? {}) as Ev)['name'] ?? null, hosts: e['hosts'] ?? null, stats: e['stats'] ?? null, exitCode: e['exitCode'] ?? null }));
}

export function compareEventsPerHost(ansible: Ev[], pgplay: Ev[]): string[] {
  const problems: string[] = [];
  diffValues(skeleton(ansible), skeleton(pgplay), '$plays', problems);
  const a = perHost(ansible);
  const b = perHost(pgplay);
  for (const h of [...new Set([...a.keys(), ...b.keys()])].sort()) diffValues(a.get(h) ?? [], b.get(h) ?? [], `$host[${h}]`, problems);
  return problems.slice(0, 20);
}

const STATUS = /^(?:ok|changed|skipping|failed|fatal): \[([^\]]+?)(?: -> [^\]]+)?\]/;

/** Text: PLAY banners and the recap as they are; each host's status lines in order. */
export function compareTextPerHost(ansible: string[], pgplay: string[]): string[] {
  const shape = (lines: string[]) => {
    const recapAt = lines.findIndex((l) => l.startsWith('PLAY RECAP '));
    const plays = lines.filter((l) => l.startsWith('PLAY ['));
    const hosts: Record<string, string[]> = {};
    for (const l of lines.slice(0, recapAt < 0 ? lines.length : recapAt)) {
      const m = STATUS.exec(l);
      if (m) (hosts[m[1]!] ??= []).push(l);
    }
    return { plays, hosts, recap: recapAt < 0 ? [] : lines.slice(recapAt) };
  };
  const problems: string[] = [];
  diffValues(shape(ansible), shape(pgplay), '$text', problems);
  return problems.slice(0, 20);
}
