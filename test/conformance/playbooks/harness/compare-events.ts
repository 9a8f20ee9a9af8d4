/**
 * Event-by-event comparison. The stream is cut into segments at every non-host event
 * (play-start, task-start, recap, ...); segment headers must match in order, and inside a segment
 * each host's events must match in order. Hosts run concurrently, so the interleaving of hosts
 * within one task is not compared (ansible itself prints them in completion order).
 */
import { diffValues, show } from './diff-values.js';

type Ev = Record<string, unknown>;

interface Segment {
  header: Ev;
  title: string;
  byHost: Map<string, Ev[]>;
}

const HOST_KINDS = new Set(['host-result', 'task-retry']);
/** Not compared: ansible prints warnings and an action's own lines (pause) through its display,
 * outside the callback API, so the oracle cannot record them (README). The text covers them. */
const IGNORED_KINDS = new Set(['warning', 'display', 'error']);

function nameOf(x: unknown): string {
  return x && typeof x === 'object' ? String((x as Ev)['name'] ?? '') : '';
}

function title(e: Ev): string {
  switch (e['kind']) {
    case 'play-start':
      return `PLAY [${nameOf(e['play'])}]`;
    case 'task-start':
      return `TASK [${nameOf(e['task'])}]`;
    default:
      return String(e['kind']);
  }
}

function segments(events: Ev[]): Segment[] {
  const segs: Segment[] = [];
  for (const e of events) {
    if (IGNORED_KINDS.has(String(e['kind']))) continue;
    if (HOST_KINDS.has(String(e['kind']))) {
      let seg = segs[segs.length - 1];
      if (!seg) segs.push((seg = { header: { kind: '(before any task)' }, title: '(before any task)', byHost: new Map() }));
      const host = String(e['host']);
      seg.byHost.set(host, [...(seg.byHost.get(host) ?? []), e]);
    } else {
      segs.push({ header: e, title: title(e), byHost: new Map() });
    }
  }
  return segs;
}

/** The fields of each event kind that take part in the comparison (README, "events"). */
function comparable(e: Ev): Ev {
  const task = (e['task'] ?? {}) as Ev;
  const play = (e['play'] ?? {}) as Ev;
  switch (e['kind']) {
    case 'playbook-start':
      return { kind: e['kind'], file: e['file'], check: e['check'], diff: e['diff'] };
    case 'play-start':
      return { kind: e['kind'], name: play['name'], pattern: play['pattern'], hosts: e['hosts'] };
    case 'no-hosts-matched':
    case 'play-end':
      return { kind: e['kind'], name: play['name'] };
    case 'task-start':
      return { kind: e['kind'], name: task['name'], handler: task['handler'] === true };
    case 'host-result':
      return {
        kind: e['kind'],
        task: task['name'],
        status: e['status'],
        item: (e['item'] as Ev | undefined)?.['label'] ?? null,
        loopSummary: e['loopSummary'] === true,
        ignored: e['ignored'] === true,
        delegatedTo: e['delegatedTo'] ?? null,
        result: e['result'],
      };
    case 'task-retry':
      return { kind: e['kind'], task: task['name'], retriesLeft: e['retriesLeft'], result: e['result'] };
    case 'included':
      // hosts in completion order in ansible: compared as a set (README)
      return { kind: e['kind'], file: e['file'], hosts: [...((e['hosts'] as string[] | undefined) ?? [])].sort(), item: (e['item'] as Ev | undefined)?.['label'] ?? null };
    default:
      return e;
  }
}

export function compareEvents(ansible: Ev[], pgplay: Ev[]): string[] {
  const problems: string[] = [];
  const sa = segments(ansible);
  const sb = segments(pgplay);
  const n = Math.max(sa.length, sb.length);
  for (let i = 0; i < n && problems.length < 20; i++) {
    const a = sa[i];
    const b = sb[i];
    if (!a || !b) {
      const extra = (a ?? b)!;
      problems.push(`event #${i}: ${a ? 'pgplay is missing' : 'pgplay has an extra'} ${extra.title} (${show(comparable(extra.header))})`);
      break; // everything after a missing segment would be noise
    }
    const where = `segment #${i} ${a.title}`;
    const hd: string[] = [];
    diffValues(comparable(a.header), comparable(b.header), '$', hd);
    for (const d of hd) problems.push(`${where}: ${d}`);
    if (hd.length && a.title !== b.title) break;
    const hosts = new Set([...a.byHost.keys(), ...b.byHost.keys()]);
    for (const h of [...hosts].sort()) {
      const ea = a.byHost.get(h) ?? [];
      const eb = b.byHost.get(h) ?? [];
      if (ea.length !== eb.length) {
        const fmt = (l: Ev[]): string => l.map((e) => `${String(e['status'] ?? e['kind'])}${e['item'] ? `(item=${String((e['item'] as Ev)['label'])})` : ''}`).join(', ') || 'nothing';
        problems.push(`${where} host ${h}: ansible reported ${fmt(ea)}; pgplay reported ${fmt(eb)}`);
        continue;
      }
      for (let k = 0; k < ea.length; k++) {
        const d: string[] = [];
        diffValues(comparable(ea[k]!), comparable(eb[k]!), '$', d);
        for (const x of d) problems.push(`${where} host ${h} event ${k + 1}/${ea.length}: ${x}`);
      }
    }
  }
  return problems;
}
