// The shared root filesystem every lab host overlays: one bootstrapped Debian (mmdebstrap), built once per
// (package list, harness version, apt sources) and cached on the machine. Built in a temporary
// directory and renamed into place, so an interrupted build never leaves a half template.
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostSourcesList, readDebianSources, type AptSource } from './apt-sources.js';
import { CACHE_DIR, DEBIAN_SUITE, HARNESS_VERSION, TEMPLATE_PACKAGES, sha256 } from './config.js';
import { configureTemplate } from './configure-template.js';
import { pruneCache, startProxy } from './proxy.js';
import { isAlive, safeRemove, waitFor, withLock } from './util.js';
import { $ } from './vendor.js';

const MARKER = '.pgplay-lab-template';

export interface Template { path: string; built: boolean; ms: number }

export function templateKey(sources: AptSource[]): string {
  return sha256(JSON.stringify({ HARNESS_VERSION, DEBIAN_SUITE, TEMPLATE_PACKAGES, sources })).slice(0, 16);
}

/** Processes still working inside `dir`: mmdebstrap (argv names it) and what it chrooted there. */
function processesIn(dir: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dir)) return true;
      const root = readlinkSync(`/proc/${pid}/root`);
      return root === dir || root.startsWith(`${dir}/`);
    } catch { return false; }
  });
}

/**
 * Removes temporary build directories whose builder process is gone. A builder killed hard leaves
 * mmdebstrap running on (it is not tied to its parent): stop that first, then the mounts, then the files.
 */
async function removeStaleBuilds(dir: string): Promise<void> {
  for (const name of readdirSync(dir)) {
    const m = /\.tmp\.(\d+)$/.exec(name);
    if (!m || isAlive(Number(m[1]))) continue;
    const path = join(dir, name);
    for (const pid of processesIn(path)) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await waitFor(`builders in ${path} to exit`, 30_000, () => processesIn(path).every((pid) => !isAlive(pid)));
    await safeRemove(path);
  }
}

/**
 * Bootstraps the rootfs with mmdebstrap: about half the CPU of debootstrap (one unpack pass, apt's
 * downloads), and every suite of the machine's sources, so the template starts with security updates.
 * It fetches through the same fail-closed proxy the hosts use (on loopback), filling its .deb cache.
 */
async function bootstrap(target: string, sources: AptSource[], cacheDir: string, log: (l: string) => void): Promise<void> {
  const proxy = await startProxy('127.0.0.1', 0, { sources, cacheDir, log });
  try {
    const lines = hostSourcesList(sources).trim();
    await $`mmdebstrap --mode=root --variant=minbase --include=${TEMPLATE_PACKAGES.join(',')} --dpkgopt=force-unsafe-io --aptopt=${`Acquire::http::Proxy "http://127.0.0.1:${proxy.port}/"`} ${DEBIAN_SUITE} ${target} ${lines}`;
  } finally {
    proxy.server.close();
    proxy.server.closeAllConnections();
  }
}

/** Templates unused this long are removed; a worktree on another harness version keeps its own alive. */
const TEMPLATE_KEEP_MS = 7 * 24 * 3600_000;

/** Removes other templates that no mounted overlay uses and nobody asked for in a week. */
async function pruneTemplates(dir: string, keep: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (path === keep || /\.(lock|used|tmp\.\d+)$/.test(name) || mounts.includes(`lowerdir=${path}`)) continue;
    let used = 0;
    for (const f of [`${path}.used`, join(path, MARKER)]) {
      try { used = Math.max(used, statSync(f).mtimeMs); } catch { /* not there */ }
    }
    if (Date.now() - used > TEMPLATE_KEEP_MS) {
      await safeRemove(path);
      rmSync(`${path}.used`, { force: true });
    }
  }
}

/** Returns the cached template, building it first when missing. */
export async function ensureTemplate(log: (l: string) => void = () => {}): Promise<Template> {
  const started = Date.now();
  const sources = readDebianSources();
  const dir = join(CACHE_DIR, 'templates');
  mkdirSync(dir, { recursive: true });
  const final = join(dir, templateKey(sources));
  if (existsSync(join(final, MARKER))) {
    // Marks it in use for pruneTemplates(), beside the template: a lower layer is never written while mounted.
    writeFileSync(`${final}.used`, `${new Date().toISOString()}\n`);
    return { path: final, built: false, ms: Date.now() - started };
  }
  // Parallel suites on one machine wait for one builder instead of building twice.
  return withLock(`${final}.lock`, 20 * 60_000, async () => {
    if (existsSync(join(final, MARKER))) return { path: final, built: false, ms: Date.now() - started };
    await removeStaleBuilds(dir);
    await pruneCache(CACHE_DIR);
    const tmp = `${final}.tmp.${process.pid}`;
    try {
      log(`lab: building the ${DEBIAN_SUITE} template in ${tmp}`);
      await bootstrap(tmp, sources, CACHE_DIR, log);
      await configureTemplate(tmp, hostSourcesList(sources));
      writeFileSync(join(tmp, MARKER), `${new Date().toISOString()}\n`);
      if (existsSync(final)) await safeRemove(final); // an unmarked leftover from an older layout
      await $`mv -T ${tmp} ${final}`;
      await pruneTemplates(dir, final);
    } catch (e) {
      await safeRemove(tmp);
      throw e;
    }
    return { path: final, built: true, ms: Date.now() - started };
  });
}
