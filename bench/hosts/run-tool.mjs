// What the host benchmarks share: running a tool with its CPU, memory and the machine's busy CPU
// measured (measure), ansible-playbook's and pgplay's command lines (runSide), and the recap check.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const labDist = join(root, 'test/dist/harness/lab/index.js');
export const cli = join(root, 'packages/cli/bin/pgplay.js');
export const ansiblePlaybook = join(root, '.venv/bin/ansible-playbook');

/** Fails early when the build, the venv or root (the lab) is missing. */
export function preflight() {
  for (const f of [labDist, cli, ansiblePlaybook]) if (!existsSync(f)) throw new Error(`missing ${f}: build (tsc -b) and set up the venv first`);
  if (process.getuid?.() !== 0) throw new Error('the host benchmark needs root (the lab)');
}

/** Sum of the resident memory of `pid` and all its descendants, read from /proc. */
export function treeRssKb(pid) {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      const rssPages = Number(f[21]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push([Number(d), rssPages]);
    } catch {
      // the process ended while we looked
    }
  }
  let pages = 0;
  const own = (() => {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
      return Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[21]);
    } catch {
      return 0;
    }
  })();
  pages += own;
  const stack = [pid];
  while (stack.length) {
    for (const [c, rss] of kids.get(stack.pop()) ?? []) {
      pages += rss;
      stack.push(c);
    }
  }
  return (pages * 4096) / 1024;
}

/** The whole machine's busy CPU seconds so far (/proc/stat: user, nice, system, irq, softirq, steal). */
export function machineBusyS() {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) / 100;
}

/** Processes whose command line holds `text` (pgplay's connection keeper, by its socket's directory): [pid, user s, system s, rss kB]. */
export function processesMatching(text) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/cmdline`, 'latin1').includes(text)) continue;
      const s = readFileSync(`/proc/${d}/stat`, 'latin1');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.push([Number(d), Number(f[11]) / 100, Number(f[12]) / 100, (Number(f[21]) * 4096) / 1024]);
    } catch {
      // gone while we looked
    }
  }
  return out;
}

/**
 * Runs a command, sampling its process tree's memory every 100 ms; resolves with time, peak, the
 * CPU the tool and the descendants it waited for used (bash's `times` after it, on fd 3), and
 * the whole machine's busy CPU over the run (the lab's hosts share the machine's cores).
 * `opts.alsoMatching`: processes of the tool that are not its descendants (pgplay's connection
 * keeper, detached) whose command line holds this text: their CPU over the run and their memory
 * are counted as the tool's.
 */
export function measure(cmd, args, opts) {
  const { alsoMatching: also, ...spawnOpts } = opts;
  const cpuOf = () => new Map((also ? processesMatching(also) : []).map(([pid, u, s]) => [pid, [u, s]]));
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const busy0 = machineBusyS();
    const alsoCpu0 = cpuOf();
    const child = spawn('bash', ['-c', '"$@"; rc=$?; times >&3; exit $rc', 'bash', cmd, ...args], { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let times = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.stdio[3].on('data', (b) => (times += b));
    let peakKb = 0;
    const sample = () => {
      const extra = also ? processesMatching(also).reduce((a, p) => a + p[3], 0) : 0;
      peakKb = Math.max(peakKb, treeRssKb(child.pid) + extra);
    };
    const timer = setInterval(sample, 100);
    sample();
    child.on('close', (code) => {
      clearInterval(timer);
      const secs = Number(process.hrtime.bigint() - started) / 1e9;
      const machineCpuS = machineBusyS() - busy0;
      // times: the shell's own user/sys, then its children's ("0m1.234s 0m0.056s").
      const kids = times.trim().split('\n')[1] ?? '';
      let [toolUserS = 0, toolSysS = 0] = [...kids.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      let alsoCpuS = 0;
      for (const [pid, [u, s]] of cpuOf()) {
        const [u0, s0] = alsoCpu0.get(pid) ?? [0, 0];
        toolUserS += u - u0;
        toolSysS += s - s0;
        alsoCpuS += u - u0 + s - s0;
      }
      resolvePromise({ code, secs, peakMb: peakKb / 1024, toolCpuS: toolUserS + toolSysS, toolUserS, toolSysS, alsoCpuS, machineCpuS, stdout, stderr });
    });
  });
}

/** PLAY RECAP lines (the same text on both sides): per host ok/changed/failed/unreachable. */
export function recap(text) {
  const hosts = {};
  for (const m of text.matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
    hosts[m[1]] = { ok: +m[2], changed: +m[3], unreachable: +m[4], failed: +m[5] };
  }
  return hosts;
}

/** The ssh arguments ansible-playbook uses when none are set; given to pgplay they keep its connections between runs (README difference 58). */
export const DEFAULT_SSH_ARGS = '-C -o ControlMaster=auto -o ControlPersist=60s';

/**
 * One run of a tool. ansible-playbook keeps its OpenSSH masters between runs by its default
 * ssh_args; pgplay gets the same arguments unless `keep` is false, and its connection keeper's
 * CPU and memory (a detached process, socket in `<work>/cp`) count as pgplay's.
 */
export function runSide(tool, lab, work, label, { forks, playbook = join(work, 'playbook.yml'), keep = true }) {
  if (tool === 'ansible') {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LANG: 'C.UTF-8', ANSIBLE_NOCOLOR: '1',
      ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_LOCALHOST_WARNING: '0',
      ANSIBLE_DEPRECATION_WARNINGS: '0', ANSIBLE_RETRY_FILES_ENABLED: '0', ANSIBLE_PIPELINING: 'True', ANSIBLE_FORKS: String(forks),
    };
    return measure(ansiblePlaybook, ['-i', lab.inventoryPath, playbook], { cwd: work, env });
  }
  const counts = join(work, `wire-${label}.json`);
  const controlDir = join(work, 'cp');
  const env = { ...process.env, PGPLAY_DEBUG_ROUNDTRIPS: counts, ...(keep ? { ANSIBLE_SSH_ARGS: DEFAULT_SSH_ARGS, ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir } : {}) };
  return measure(process.execPath, [cli, 'run', playbook, '-i', lab.inventoryPath, '--forks', String(forks)], { cwd: work, env, ...(keep ? { alsoMatching: `${controlDir}/` } : {}) }).then((r) => ({
    ...r, wire: existsSync(counts) ? JSON.parse(readFileSync(counts, 'utf8')) : undefined,
  }));
}

export function check(r, n, label, warm) {
  const rc = recap(r.stdout);
  const names = Object.keys(rc);
  const bad = names.length !== n || names.some((h) => rc[h].failed || rc[h].unreachable || (warm && rc[h].changed));
  if (r.code !== 0 || bad) {
    throw new Error(`${label}: exit ${r.code}, recap ${JSON.stringify(rc)}\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-2000)}`);
  }
  return { changed: Math.max(...names.map((h) => rc[h].changed)) };
}

/**
 * CPU seconds a lab host's processes have used so far: utime+stime plus the reaped children's
 * (cutime+cstime) of every live process in the container's PID namespace, so the work of every
 * process that ended and was waited for is in its live ancestor's figure.
 */
export function hostCpuS(lab, host) {
  const machine = `--machine=pgl${lab.subnetIndex}${host.name}`;
  let leader;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'latin1').split('\0').includes(machine)) leader = d;
    } catch {
      // gone while we looked
    }
  }
  if (!leader) throw new Error(`no systemd-nspawn process for ${host.name} of suite ${lab.suite}`);
  let ns;
  let ticks = 0;
  const stats = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'latin1');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      stats.push([d, f]);
      // the container's init is nspawn's child
      if (f[1] === leader) ns = readlinkSync(`/proc/${d}/ns/pid`);
    } catch {
      // gone while we looked
    }
  }
  for (const [d, f] of stats) {
    try {
      if (readlinkSync(`/proc/${d}/ns/pid`) !== ns) continue;
    } catch {
      continue;
    }
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / 100;
}
