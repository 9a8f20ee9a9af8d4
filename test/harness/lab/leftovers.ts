// What a suite might leave behind, looked up from the kernel and /proc rather than our state,
// so tests can prove that destroy() removed everything.
import { readFileSync, readdirSync } from 'node:fs';
import { bridgeName } from './names.js';
import { mountsUnder, isAlive } from './util.js';
import { suiteDir } from './state.js';
import { $nothrow } from './vendor.js';

export interface Leftovers { netns: string[]; links: string[]; mounts: string[]; processes: number[] }

export async function suiteLeftovers(suite: string, k: number): Promise<Leftovers> {
  const ours = new RegExp(`^${bridgeName(k)}([hv]\\d+)?$`);
  const netns = (await $nothrow`ip netns list`).stdout.split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => ours.test(n));
  const links = (await $nothrow`ip -o link show`).stdout.split('\n').map((l) => (l.split(': ')[1] ?? '').split('@')[0] ?? '').filter((n) => ours.test(n));
  const dir = suiteDir(suite);
  const processes = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return isAlive(pid) && argv.some((a) => a === `--directory=${dir}` || a.startsWith(`--directory=${dir}/`) || a === `10.99.${k}.1`);
    } catch { return false; }
  });
  return { netns, links, mounts: mountsUnder(dir), processes };
}
