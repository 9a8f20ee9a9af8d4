// Removes what a suite made, in the reverse order: containers (in parallel), overlays, network,
// proxy, state. Every step tolerates "already gone", so `down` is idempotent and also finishes
// a suite whose `up` died half way.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { releaseSubnet } from './allocate.js';
import { consoleTail, stopHost, type HostState } from './host.js';
import { deleteBridge, deleteHostNet } from './net.js';
import { bridgeName } from './names.js';
import { stopProcess } from './proxy-process.js';
import type { SuiteState } from './state.js';
import { safeRemove, unmountAllUnder } from './util.js';
import { $nothrow } from './vendor.js';

/** netns names of suite k that exist, including ones a half-finished `up` never recorded. */
async function suiteNetns(k: number): Promise<number[]> {
  const out = await $nothrow`ip netns list`;
  return [...out.stdout.matchAll(new RegExp(`^${bridgeName(k)}h(\\d+)\\b`, 'gm'))].map((m) => Number(m[1]));
}

export async function teardownSuite(s: SuiteState, log: (l: string) => void = () => {}, stopDeadlineMs = 20_000): Promise<void> {
  await Promise.all(s.hosts.map(async (h: HostState) => {
    if (!(await stopHost(h, stopDeadlineMs))) {
      log(`lab: ${s.suite}/${h.name} did not power off within ${stopDeadlineMs} ms and was killed; console:\n${consoleTail(h, 30)}`);
    }
  }));
  await unmountAllUnder(join(s.dir, 'hosts'));
  const indexes = new Set([...s.hosts.map((h) => h.index), ...(await suiteNetns(s.k))]);
  for (const i of indexes) await deleteHostNet(s.k, i);
  await stopProcess(s.proxyPid, s.gateway);
  await deleteBridge(s.k);
  await safeRemove(s.dir);
  releaseSubnet(s.k, s.suite);
}

/** Host directories present on disk (for a suite whose state.json lacks some). */
export function hostDirs(dir: string): string[] {
  try { return readdirSync(join(dir, 'hosts')).map((n) => join(dir, 'hosts', n)); } catch { return []; }
}
