// `scripts/lab down --all`: removes every suite, then anything of ours left without state
// (a crash between steps): nspawn processes booting our overlays, proxies, mounts, netns, links.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allClaims, releaseSubnet } from './allocate.js';
import { STATE_ROOT } from './config.js';
import { containerInit } from './host.js';
import { OUR_NAME } from './names.js';
import { listSuites, loadState, suiteDir } from './state.js';
import { teardownSuite } from './teardown.js';
import { safeRemove, unmountAllUnder } from './util.js';
import { stopProcess } from './proxy-process.js';
import { $nothrow } from './vendor.js';

/** Pids of processes whose command line shows they are ours (nspawn on our state dir, our proxy). */
function ourProcesses(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let argv: string[];
    try { argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0'); } catch { continue; }
    const nspawn = argv[0]?.endsWith('systemd-nspawn') && argv.some((a) => a.startsWith(`--directory=${STATE_ROOT}/`));
    const proxy = argv.some((a) => a.endsWith('/harness/lab/proxy-main.js'));
    if (nspawn || proxy) pids.push(Number(name));
  }
  return pids;
}

export async function downAll(log: (l: string) => void): Promise<void> {
  for (const suite of listSuites()) {
    const s = loadState(suite);
    log(`lab: down ${suite}`);
    if (s) await teardownSuite(s); else await safeRemove(suiteDir(suite));
  }
  for (const pid of ourProcesses()) {
    log(`lab: stopping leftover process ${pid}`);
    try { process.kill(containerInit(pid) ?? pid, 'SIGKILL'); } catch { /* gone */ }
    await stopProcess(pid, 5000);
  }
  await unmountAllUnder(join(STATE_ROOT, 'suites'));
  const netns = (await $nothrow`ip netns list`).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => OUR_NAME.test(n));
  for (const ns of netns) { log(`lab: removing netns ${ns}`); await $nothrow`ip netns del ${ns}`; }
  const links = (await $nothrow`ip -o link show`).stdout.split('\n').map((l) => (l.split(': ')[1] ?? '').split('@')[0] ?? '').filter((n) => OUR_NAME.test(n));
  for (const link of links) { log(`lab: removing link ${link}`); await $nothrow`ip link del ${link}`; }
  for (const c of allClaims()) releaseSubnet(c.k, c.suite);
}
