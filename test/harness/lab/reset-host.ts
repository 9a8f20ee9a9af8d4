// A fresh disk for one host in about a second: crash it, drop its overlay's upper layer, give it
// a new identity on the same address, boot. For test scenarios that need a clean machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootHost, killHost, prepareHost, type HostState, type Identity } from './host.js';
import { waitReady } from './ready.js';
import { saveState, type SuiteState } from './state.js';
import { safeRemove, unmountAllUnder } from './util.js';

export function identityOf(s: SuiteState): Identity {
  return {
    gateway: s.gateway,
    clientPubKey: readFileSync(`${s.keyPath}.pub`, 'utf8').trim(),
    passwords: s.passwords,
    etcHosts: s.hosts.map((h) => `${h.address} ${h.name}\n`).join(''),
  };
}

/** known_hosts for every host of the suite: host key checking stays on, so it must follow resets. */
export function writeKnownHosts(s: SuiteState): void {
  writeFileSync(s.knownHostsPath, s.hosts.map((h) => `${h.address} ${h.hostKey.split(' ').slice(0, 2).join(' ')}\n`).join(''));
}

export async function resetHost(s: SuiteState, h: HostState, log: (l: string) => void): Promise<void> {
  await killHost(h);
  await unmountAllUnder(h.dir);
  await safeRemove(join(h.dir, 'upper'));
  await safeRemove(join(h.dir, 'work'));
  h.hostKey = await prepareHost(h, s.template, identityOf(s));
  writeKnownHosts(s);
  h.nspawnPid = bootHost(h);
  saveState(s);
  await waitReady(h, s, log);
}
