// `scripts/lab down --all`: removes every suite, then anything of ours left without state
// (a crash between steps): nspawn processes booting our overlays, proxies, mounts, netns, links.
// Suites owned by a live process (a test run in another session right now) are kept unless
// `force`: they are in use, not left over.
import { readFileSync, readdirSync } from 'node:fs';
import { allClaims, releaseSubnet } from './allocate.js';
import { STATE_ROOT } from './config.js';
import { liveOwner } from './claim-suite.js';
import { containerInit } from './host.js';
import { OUR_NAME } from './names.js';
import { listSuites, loadState, suiteDir, suitesDir } from './state.js';
import { teardownSuite } from './teardown.js';
import { mountsUnder, safeRemove, unmountAllUnder } from './util.js';
import { stopProcess } from './proxy-process.js';
import { $nothrow } from './vendor.js';

interface Kept { suites: Set<string>; dirs: string[]; ks: Set<number> }

/** Processes whose command line shows they are the lab's, with the argv entry that shows it. */
function ourProcesses(kept: Kept): Array<{ pid: number; marker: string }> {
  const found: Array<{ pid: number; marker: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let argv: string[];
    try { argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0'); } catch { continue; }
    const nspawn = argv[0]?.endsWith('systemd-nspawn') ? argv.find((a) => a.startsWith(`--directory=${STATE_ROOT}/`)) : undefined;
    const proxy = argv.some((a) => a.endsWith('/harness/lab/proxy-main.js')) ? argv.find((a) => /^10\.99\.\d+\.1$/.test(a)) : undefined;
    if (nspawn && kept.dirs.some((d) => nspawn.startsWith(`--directory=${d}/`))) continue;
    if (proxy && kept.ks.has(Number(proxy.split('.')[2]))) continue;
    const marker = nspawn ?? proxy;
    if (marker) found.push({ pid: Number(name), marker });
  }
  return found;
}

async function removeSuites(log: (l: string) => void, force: boolean): Promise<Kept> {
  const kept: Kept = { suites: new Set(), dirs: [], ks: new Set() };
  for (const suite of listSuites()) {
    const s = loadState(suite);
    const owner = liveOwner(suiteDir(suite));
    if (owner && !force) {
      log(`lab: keeping suite ${suite}: in use by pid ${owner} (down --all --force removes it anyway)`);
      kept.suites.add(suite);
      kept.dirs.push(suiteDir(suite));
      if (s) kept.ks.add(s.k);
      continue;
    }
    log(`lab: down ${suite}`);
    if (s) await teardownSuite(s, log); else await safeRemove(suiteDir(suite));
  }
  // A suite still being created may have claimed its subnet before writing state.json.
  for (const c of allClaims()) if (kept.suites.has(c.suite)) kept.ks.add(c.k);
  return kept;
}

export async function downAll(log: (l: string) => void, force = false): Promise<void> {
  const kept = await removeSuites(log, force);
  for (const { pid, marker } of ourProcesses(kept)) {
    log(`lab: stopping leftover process ${pid}`);
    const init = containerInit(pid);
    if (init) { try { process.kill(init, 'SIGKILL'); } catch { /* gone */ } }
    await stopProcess(pid, marker, 5000);
  }
  for (const m of mountsUnder(suitesDir())) {
    if (!kept.dirs.some((d) => m === d || m.startsWith(`${d}/`))) await unmountAllUnder(m);
  }
  const isKept = (n: string) => kept.ks.has(Number(/^pgl(\d+)/.exec(n)?.[1]));
  const netns = (await $nothrow`ip netns list`).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => OUR_NAME.test(n) && !isKept(n));
  for (const ns of netns) { log(`lab: removing netns ${ns}`); await $nothrow`ip netns del ${ns}`; }
  const links = (await $nothrow`ip -o link show`).stdout.split('\n').map((l) => (l.split(': ')[1] ?? '').split('@')[0] ?? '').filter((n) => OUR_NAME.test(n) && !isKept(n));
  for (const link of links) { log(`lab: removing link ${link}`); await $nothrow`ip link del ${link}`; }
  for (const c of allClaims()) if (!kept.suites.has(c.suite)) releaseSubnet(c.k, c.suite);
}
