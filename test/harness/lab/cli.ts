// scripts/lab: a thin command line over the library.
//   up --suite NAME --hosts N | down --suite NAME | down --all [--force] | status
//   stop|kill|start|reset --suite NAME --host N
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downAll } from './down-all.js';
import { killHost, nspawnOf, stopHost, bootHost, type HostState } from './host.js';
import { startLab } from './lab.js';
import { resetHost } from './reset-host.js';
import { waitReady } from './ready.js';
import { listSuites, loadState, saveState } from './state.js';
import { teardownSuite } from './teardown.js';
import { runningAs, seconds } from './util.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const repoInventory = join(repo, 'inventories/lab/hosts');
const log = (l: string) => process.stderr.write(`${l}\n`);

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function need(args: string[], name: string): string {
  const v = flag(args, name);
  if (!v) throw new Error(`lab: --${name} is required`);
  return v;
}

function status(): void {
  const suites = listSuites();
  if (suites.length === 0) { console.log('no lab suites'); return; }
  for (const suite of suites) {
    const s = loadState(suite);
    if (!s) { console.log(`${suite}: no state (run scripts/lab down --all)`); continue; }
    console.log(`${suite}: bridge pgl${s.k} 10.99.${s.k}.0/24, proxy ${runningAs(s.proxyPid, s.gateway) ? 'up' : 'down'}, inventory ${s.inventoryPath}`);
    for (const h of s.hosts) console.log(`  ${h.name} ${h.address} ${nspawnOf(h) ? 'running' : 'stopped'}`);
  }
}

async function hostCommand(cmd: string, args: string[]): Promise<void> {
  const s = loadState(need(args, 'suite'));
  if (!s) throw new Error('lab: no such suite');
  const h = s.hosts.find((x: HostState) => x.index === Number(need(args, 'host')) || x.name === flag(args, 'host'));
  if (!h) throw new Error('lab: no such host');
  if (cmd === 'stop') await stopHost(h);
  else if (cmd === 'reset') await resetHost(s, h, log);
  else if (cmd === 'kill') await killHost(h);
  else {
    if (nspawnOf(h)) return;
    h.nspawnPid = bootHost(h);
    saveState(s);
    await waitReady(h, s, log);
  }
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...args] = argv;
  if (cmd === 'up') {
    const t0 = Date.now();
    const lab = await startLab({ suite: need(args, 'suite'), hosts: Number(flag(args, 'hosts') ?? '3'), log, replaceDetached: true });
    mkdirSync(dirname(repoInventory), { recursive: true });
    copyFileSync(lab.inventoryPath, repoInventory);
    console.log(`suite ${lab.suite}: ${lab.subnet} on ${lab.bridge}`);
    for (const h of lab.hosts) console.log(`${h.name} ${h.address}`);
    console.log(`inventory ${lab.inventoryPath} (copied to inventories/lab/hosts); up in ${seconds(Date.now() - t0)}`);
    lab.detach(); // nspawn and the proxy run on in their own sessions until `down`
  } else if (cmd === 'down') {
    if (args.includes('--all')) await downAll(log, args.includes('--force'));
    else {
      const suite = need(args, 'suite');
      const s = loadState(suite);
      if (s) await teardownSuite(s, log);
      // The repo's copy goes only if it describes this suite (another suite may have written it since).
      if (existsSync(repoInventory) && readFileSync(repoInventory, 'utf8').startsWith(`# pgplay lab suite ${suite}:`)) rmSync(repoInventory);
    }
    if (args.includes('--all')) rmSync(repoInventory, { force: true });
  } else if (cmd === 'status') status();
  else if (['stop', 'kill', 'start', 'reset'].includes(cmd ?? '')) await hostCommand(cmd!, args);
  else throw new Error('usage: scripts/lab up --suite NAME [--hosts N] | down (--suite NAME | --all [--force]) | status | stop|kill|start|reset --suite NAME --host N');
}

main(process.argv.slice(2)).catch((e: Error) => { log(e.message); process.exit(1); });
