// The lab's library API: startLab() brings up a suite of booted Debian hosts on a private
// bridge and returns handles to reach, power off, crash and finally destroy them.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimSubnet } from './allocate.js';
import { HOST_OFFSET, LAB_USERS, MAX_HOSTS } from './config.js';
import { assertLabAddress, subnetFor } from './guard.js';
import { bootHost, nspawnOf, killHost as crashHost, prepareHost, stopHost as powerOff, type HostState } from './host.js';
import { renderInventory } from './inventory.js';
import { assertNoForwarding, createBridge, createHostNet } from './net.js';
import { bridgeName, checkSuiteName, netnsName } from './names.js';
import { spawnProxy } from './proxy-process.js';
import { keygen, sshExec, type ExecOptions, type ExecResult } from './ssh.js';
import { claimSuite, markDetached } from './claim-suite.js';
import { saveState, suiteDir, type SuiteState } from './state.js';
import { ensureTemplate, type Template } from './template.js';
import { identityOf, resetHost, writeKnownHosts } from './reset-host.js';
import { safeRemove } from './util.js';
import { teardownSuite } from './teardown.js';
import { waitReady } from './ready.js';

export interface LabOptions {
  /** A label; if another live process holds it, the lab runs as `<suite>-2` etc. (see lab.suite). */
  suite: string;
  hosts: number;
  log?: (line: string) => void;
  /** Replace a suite of this name left running by `scripts/lab up` (default: pick another name). */
  replaceDetached?: boolean;
}
export interface LabHost { name: string; address: string; sshPort: number }
export type HostRef = string | number | LabHost;
export interface LabTimings { templateMs: number; templateBuilt: boolean; hostsUpMs: number }

export interface Lab {
  suite: string;
  /** k of 10.99.<k>.0/24 and bridge pgl<k>. */
  subnetIndex: number;
  subnet: string;
  bridge: string;
  /** The suite's directory: keys, known_hosts, inventory, proxy.log, hosts/<name>/console.log. */
  stateDir: string;
  gateway: string;
  hosts: LabHost[];
  inventoryPath: string;
  knownHostsPath: string;
  keyPath: string;
  users: { root: { name: string }; sudoer: { name: string }; sudopw: { name: string; password: string }; pwonly: { name: string; password: string } };
  timings: LabTimings;
  exec(host: HostRef, cmd: string, opts?: ExecOptions): Promise<ExecResult>;
  stopHost(host: HostRef): Promise<void>;
  killHost(host: HostRef): Promise<void>;
  startHost(host: HostRef): Promise<void>;
  /** A fresh disk and identity (new host key, known_hosts updated) at the same address, booted and ready. */
  resetHost(host: HostRef): Promise<void>;
  destroy(): Promise<void>;
  /** Leaves the suite running when this process exits (scripts/lab up); `down` removes it later. */
  detach(): void;
}

const live = new Set<string>();
let exitHookInstalled = false;

/** If the test process exits with suites still up (a crash, ^C), tear them down synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
  process.on('exit', () => {
    for (const suite of live) spawnSync(process.execPath, [cli, 'down', '--suite', suite], { stdio: 'inherit' });
  });
  // A signal's default action ends the process without 'exit' handlers: turn it into an exit.
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const sig of Object.keys(codes) as Array<keyof typeof codes>) {
    if (process.listenerCount(sig) === 0) process.once(sig, () => process.exit(codes[sig]));
  }
}

/** Waits for every promise, then throws the first failure (if any). */
async function settleAll(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function secret(): string {
  return randomBytes(12).toString('base64url');
}

async function bringUp(s: SuiteState, count: number, log: (l: string) => void): Promise<void> {
  await createBridge(s.k);
  s.proxyPid = await spawnProxy(s.gateway, s.dir);
  saveState(s);
  await keygen(s.keyPath, `pgplay-lab-${s.suite}`);
  const { prefix } = subnetFor(s.k);
  for (let i = 1; i <= count; i++) {
    const address = `${prefix}.${HOST_OFFSET + i}`;
    assertLabAddress(address);
    s.hosts.push({ name: `h${i}`, index: i, address, dir: join(s.dir, 'hosts', `h${i}`), netnsPath: '', machine: netnsName(s.k, i), hostKey: '' });
  }
  saveState(s);
  const identity = identityOf(s);
  // allSettled: on a failure, teardown must not race hosts still being set up.
  await settleAll(s.hosts.map(async (h) => {
    h.hostKey = await prepareHost(h, s.template, identity);
    h.netnsPath = await createHostNet(s.k, h.index, h.address);
    h.nspawnPid = bootHost(h);
  }));
  saveState(s);
  writeKnownHosts(s);
  writeFileSync(s.inventoryPath, renderInventory(s));
  await settleAll(s.hosts.map((h) => waitReady(h, s, log)));
}

/** Starts a suite's hosts and waits until each answers ssh with a finished boot. */
export async function startLab(opts: LabOptions): Promise<Lab> {
  checkSuiteName(opts.suite);
  const log = opts.log ?? (() => {});
  if (!Number.isInteger(opts.hosts) || opts.hosts < 1 || opts.hosts > MAX_HOSTS) throw new Error(`lab: hosts must be 1..${MAX_HOSTS}`);
  if (process.getuid?.() !== 0) throw new Error('lab: must run as root (mounts, network namespaces, nspawn)');
  assertNoForwarding();
  installExitHook();
  const suite = await claimSuite(opts.suite, opts.replaceDetached ?? false, log);
  const dir = suiteDir(suite);
  live.add(suite);
  let template: Template;
  try {
    template = await ensureTemplate(log);
  } catch (e) {
    await safeRemove(dir);
    live.delete(suite);
    throw e;
  }
  const started = Date.now();
  const k = await claimSubnet(suite);
  const s: SuiteState = {
    suite, k, dir, template: template.path, gateway: subnetFor(k).gateway,
    keyPath: join(dir, 'id_ed25519'), knownHostsPath: join(dir, 'known_hosts'), inventoryPath: join(dir, 'inventory.ini'),
    passwords: { sudopw: secret(), pwonly: secret() }, hosts: [],
  };
  saveState(s);
  try {
    await bringUp(s, opts.hosts, log);
  } catch (e) {
    await teardownSuite(s, log);
    live.delete(suite);
    throw e;
  }
  return labHandle(s, log, { templateMs: template.ms, templateBuilt: template.built, hostsUpMs: Date.now() - started });
}

function labHandle(s: SuiteState, log: (l: string) => void, timings: LabTimings): Lab {
  const find = (ref: HostRef): HostState => {
    const h = s.hosts.find((x) => (typeof ref === 'number' ? x.index === ref : x.name === (typeof ref === 'string' ? ref : ref.name)));
    if (!h) throw new Error(`lab ${s.suite}: no host ${JSON.stringify(ref)}`);
    return h;
  };
  let destroyed = false;
  return {
    suite: s.suite, subnetIndex: s.k, subnet: subnetFor(s.k).cidr, bridge: bridgeName(s.k), stateDir: s.dir, gateway: s.gateway,
    hosts: s.hosts.map((h) => ({ name: h.name, address: h.address, sshPort: 22 })),
    inventoryPath: s.inventoryPath, knownHostsPath: s.knownHostsPath, keyPath: s.keyPath,
    users: { root: LAB_USERS.root, sudoer: LAB_USERS.sudoer, sudopw: { name: 'sudopw', password: s.passwords.sudopw }, pwonly: { name: 'pwonly', password: s.passwords.pwonly } },
    timings,
    exec: (ref, cmd, o) => sshExec({ address: find(ref).address, keyPath: s.keyPath, knownHostsPath: s.knownHostsPath }, cmd, o),
    stopHost: async (ref) => { await powerOff(find(ref)); },
    killHost: (ref) => crashHost(find(ref)),
    startHost: async (ref) => {
      const h = find(ref);
      if (nspawnOf(h)) return; // already running: never boot one overlay twice
      h.nspawnPid = bootHost(h);
      saveState(s);
      await waitReady(h, s, () => {});
    },
    resetHost: (ref) => resetHost(s, find(ref), log),
    detach: () => { markDetached(s.dir); live.delete(s.suite); },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await teardownSuite(s, log);
      live.delete(s.suite);
    },
  };
}
