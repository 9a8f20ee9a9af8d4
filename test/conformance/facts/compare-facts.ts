/**
 * Compares the facts of ansible's setup with pgplay's, value for value. The only allowances are
 * written here, each with its reason; facts/README.md in packages/modules lists the same omissions.
 */
import { isDeepStrictEqual } from 'node:util';

type Facts = Record<string, unknown>;

/** Facts ansible gathers that pgplay does not provide (documented in the facts README). */
export const OMITTED = new Set([
  'ansible_python', // pgplay runs no Python on the target
  'ansible_python_version',
]);

/** Python sets: ansible's list order follows string hashes, which change between runs. */
const SET_FACTS = new Set(['ansible_interfaces', 'ansible_virtualization_tech_guest', 'ansible_virtualization_tech_host']);

function withinSeconds(a: unknown, b: unknown, s: number): boolean {
  return Math.abs(Number(a) - Number(b)) <= s;
}

/** Values that change between two runs a few seconds apart, compared by shape and bounds. */
const VOLATILE: Record<string, (a: unknown, p: unknown) => string | null> = {
  // the clock moves between the two runs: same keys, same zone, epochs close, same formats
  ansible_date_time: (a, p) => {
    const A = a as Record<string, string>;
    const P = p as Record<string, string>;
    if (!isDeepStrictEqual(Object.keys(A).sort(), Object.keys(P).sort())) return 'different keys';
    for (const k of ['tz', 'tz_dst', 'tz_offset']) if (A[k] !== P[k]) return `${k}: ${A[k]} vs ${P[k]}`;
    if (!withinSeconds(A.epoch, P.epoch, 300)) return `epoch ${A.epoch} vs ${P.epoch}`;
    for (const k of Object.keys(A)) if (A[k]!.replace(/\d/g, '0') !== P[k]!.replace(/\d/g, '0') && !['weekday'].includes(k)) return `${k}: format ${A[k]} vs ${P[k]}`;
    return null;
  },
  // load changes by the second (and ansible reads getloadavg(), pgplay /proc/loadavg: 2 decimals)
  ansible_loadavg: (a, p) => (isDeepStrictEqual(Object.keys(a as Facts).sort(), Object.keys(p as Facts).sort()) ? null : 'different keys'),
  // free memory changes between runs; totals do not
  ansible_memfree_mb: (a, p) => (typeof a === typeof p ? null : 'type'),
  ansible_swapfree_mb: (a, p) => (typeof a === typeof p ? null : 'type'),
  ansible_memory_mb: (a, p) => {
    const A = a as Record<string, Record<string, unknown>>;
    const P = p as Record<string, Record<string, unknown>>;
    if (A.real!.total !== P.real!.total || A.swap!.total !== P.swap!.total) return 'totals differ';
    for (const g of ['real', 'nocache', 'swap']) if (!isDeepStrictEqual(Object.keys(A[g]!).sort(), Object.keys(P[g]!).sort())) return `${g} keys`;
    return null;
  },
  // ansible lists mounts in the order its thread pool finishes them; free space moves between runs
  // on a busy file system (the totals, devices, options and UUIDs do not)
  ansible_mounts: (a, p) => {
    const byMount = (l: unknown) => new Map((l as Facts[]).map((m) => [String(m.mount), m]));
    const A = byMount(a);
    const P = byMount(p);
    if (!isDeepStrictEqual([...A.keys()].sort(), [...P.keys()].sort())) return `mount points: ansible ${[...A.keys()].sort().join(' ')}, pgplay ${[...P.keys()].sort().join(' ')}`;
    for (const [mount, am] of A) {
      const pm = P.get(mount)!;
      for (const k of new Set([...Object.keys(am), ...Object.keys(pm)])) {
        const moving = /_(available|used)$/.test(k);
        const total = Number(am[k.replace(/_(available|used)$/, '_total')]) || 1;
        const ok = moving ? Math.abs(Number(am[k]) - Number(pm[k])) <= total * 0.01 : isDeepStrictEqual(am[k], pm[k]);
        if (!ok) return `${mount} ${k}: ansible ${JSON.stringify(am[k])}, pgplay ${JSON.stringify(pm[k])}`;
      }
    }
    return null;
  },
  ansible_uptime_seconds: (a, p) => (withinSeconds(a, p, 300) ? null : `${String(a)} vs ${String(p)}`),
  // the environment of the process: `_` is the last command the shell ran; SSH_CLIENT and
  // SSH_CONNECTION carry the client's source port, new for every connection; SSH_TTY exists only
  // when the connection asks for a terminal (ansible's ssh runs modules with -tt); LANG and LC_*
  // come from the controller through Debian's ssh_config `SendEnv LANG LC_*`, which pgplay's ssh2
  // client does not send (README, deliberate differences: Connections)
  ansible_env: (a, p) => {
    const norm = (e: Record<string, string>) => {
      const { _: _x, SSH_TTY: _t, ...all } = e;
      const rest = Object.fromEntries(Object.entries(all).filter(([k]) => k !== 'LANG' && !k.startsWith('LC_')));
      for (const k of ['SSH_CLIENT', 'SSH_CONNECTION']) if (rest[k]) rest[k] = rest[k]!.replace(/^(\S+) \d+/, '$1 <port>');
      return rest;
    };
    const A = norm(a as Record<string, string>);
    const P = norm(p as Record<string, string>);
    const diff = [...new Set([...Object.keys(A), ...Object.keys(P)])].filter((k) => A[k] !== P[k]);
    return diff.length ? `env differs at ${diff.map((k) => `${k}=${JSON.stringify(A[k])}/${JSON.stringify(P[k])}`).join(', ')}` : null;
  },
};

/** Every difference between ansible's facts and pgplay's, after the allowances above. */
export function compareFacts(ansible: Facts, pgplay: Facts): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(ansible)) {
    if (OMITTED.has(k)) {
      if (k in pgplay) problems.push(`${k}: listed as omitted, but pgplay provides it`);
      continue;
    }
    if (!(k in pgplay)) {
      problems.push(`${k}: only ansible has it (${JSON.stringify(ansible[k]).slice(0, 120)})`);
      continue;
    }
    let a = ansible[k];
    let p = pgplay[k];
    if (SET_FACTS.has(k)) {
      a = [...(a as string[])].sort();
      p = [...(p as string[])].sort();
    }
    const volatile = VOLATILE[k];
    const why = volatile ? volatile(a, p) : isDeepStrictEqual(a, p) ? null : `ansible ${JSON.stringify(a)}, pgplay ${JSON.stringify(p)}`;
    if (why) problems.push(`${k}: ${why}`);
  }
  for (const k of Object.keys(pgplay)) if (!(k in ansible)) problems.push(`${k}: only pgplay has it (${JSON.stringify(pgplay[k]).slice(0, 120)})`);
  return problems;
}
