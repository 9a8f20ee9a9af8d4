#!/usr/bin/env node
// Host benchmark (not a test): the same 50-task host playbook (bench/hosts/playbook.yml) run by
// ansible-playbook (pinned, from .venv; pipelining on, forks >= hosts) and by pgplay on 1, 5 and
// 10 fresh lab hosts, in one run, cold (first run on fresh hosts) and warm (the idempotent
// re-run). Wall time, time per task per host, peak memory of the whole process tree and pgplay's
// remote operations per task per host (PGPLAY_DEBUG_ROUNDTRIPS) go to bench/results/hosts.md.
//   pnpm bench:hosts [-- --hosts 1,5,10] [--out bench/results/hosts.md]
// Needs root and the lab (scripts/setup-lab.sh), a build (tsc -b) and the oracle venv.
// Traffic: only to the lab hosts the harness makes (10.99.0.0/16 on this machine).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { root, labDist, preflight, runSide, check, DEFAULT_SSH_ARGS } from './run-tool.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const hostCounts = arg('--hosts', '1,5,10').split(',').map(Number);
const tools = arg('--tools', 'ansible,pgplay').split(',');
const out = resolve(root, arg('--out', 'bench/results/hosts.md'));
const TASKS = 50;
const FORKS = Math.max(10, ...hostCounts);
// --no-keep: pgplay without its connection keeper (one connection per host per run), as before it existed.
const KEEP = !process.argv.includes('--no-keep');

preflight();
const { startLab } = await import(labDist);
const { stopKeepers } = await import(join(root, 'packages/engine/dist/index.js'));

const playbookDir = join(root, 'bench/hosts');
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

const results = [];
const loads = [{ when: 'start', uptime: uptime() }];
for (const n of hostCounts) {
  for (const tool of tools) {
    const label = `${tool}-${n}`;
    const lab = await startLab({ suite: `bench-${tool}-${n}`, hosts: n, log: () => {} });
    const work = mkdtempSync(join(tmpdir(), `pgplay-bench-hosts-${label}-`));
    try {
      cpSync(playbookDir, work, { recursive: true, filter: (s) => !s.endsWith('.mjs') });
      for (const phase of ['cold', 'warm']) {
        const load = loadavg()[0];
        const r = await runSide(tool, lab, work, `${label}-${phase}`, { forks: FORKS, keep: KEEP });
        const { changed } = check(r, n, `${label} ${phase}`, phase === 'warm');
        const row = { tool, hosts: n, phase, secs: r.secs, perTaskHostMs: (r.secs * 1000) / (TASKS * n), peakMb: r.peakMb, toolCpuS: r.toolCpuS, toolUserS: r.toolUserS, toolSysS: r.toolSysS, machineCpuS: r.machineCpuS, changed, load, wire: r.wire };
        results.push(row);
        console.log(JSON.stringify(row));
      }
    } finally {
      await stopKeepers(join(work, 'cp'));
      await lab.destroy();
      rmSync(work, { recursive: true, force: true });
    }
  }
}
loads.push({ when: 'end', uptime: uptime() });

// ---- the results file --------------------------------------------------------------------
const get = (tool, n, phase) => results.find((r) => r.tool === tool && r.hosts === n && r.phase === phase);
const f2 = (x) => (x === undefined ? '–' : x.toFixed(2));
const f1 = (x) => (x === undefined ? '–' : x.toFixed(1));
// The machine's busy CPU over a run, in seconds and as a share of what its cores could give.
const busy = (r) => (r ? `${r.machineCpuS.toFixed(1)} s (${Math.round((100 * r.machineCpuS) / (cpus().length * r.secs))}%)` : '–');
const lines = [
  '# Host benchmark: pgplay vs ansible-playbook 2.16 on lab hosts',
  '',
  `Made by \`pnpm bench:hosts\` (\`node bench/hosts/bench.mjs --hosts ${hostCounts.join(',')}\`) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
    `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  '',
  'The machine is shared with other sessions: its load when the run started and ended (`uptime`), and the 1-minute load average before each run in the table:',
  '',
  ...loads.map((l) => `- ${l.when}: \`${l.uptime}\``),
  '',
  `The playbook is \`bench/hosts/playbook.yml\`: ${TASKS} tasks (file, copy, template, lineinfile, blockinfile, ini_file, stat, apt of installed packages, command/shell with changed_when, set_fact, debug, assert), gather_facts off, run as root by key.`,
  `Each tool gets its own fresh lab hosts (\`startLab\`, one suite per tool and host count) and the same inventory, key and known_hosts; cold is the first run on them, warm the idempotent re-run (changed=0 checked on every host).`,
  `ansible-playbook: pipelining on, forks ${FORKS}, its default ssh ControlPersist (the warm run reuses the cold run's master connections). pgplay: forks ${FORKS}, ` +
    (KEEP
      ? `the same ssh arguments as ansible's default (\`${DEFAULT_SSH_ARGS}\`): its connection keeper, a detached process, holds each host's ssh2 connection, resident shell and Python file probe between runs, so the warm run makes no SSH login; the keeper's CPU and memory are counted as pgplay's (ansible's masters are not counted as ansible's).`
      : 'run with `--no-keep`: one ssh2 connection per host per run.'),
  'Wall time is process start to exit; per task per host = wall / (tasks × hosts). Peak memory is the largest sum of the resident memory of the tool and all its descendants, sampled every 100 ms (ansible\'s detached ssh ControlMaster processes are not its descendants and are not counted; the bash wrapper that reads the CPU times, about 3 MB, is).',
  'Tool CPU is the user + system time of the tool and the descendants it waited for (bash\'s `times`). Machine busy is the CPU the whole machine spent during the run (/proc/stat), and its share of what the cores could give: the lab\'s hosts are containers on this same machine, so their sshd, shells and probe programs use the cores the controller uses.',
  '',
  'How the harness works, the profile of the warm 10-host run and what was changed for it: [bench/hosts/README.md](../hosts/README.md).',
  '',
  '| hosts | phase | ansible-playbook s | pgplay s | speed-up | per task per host ms: ansible / pgplay | peak MB: ansible / pgplay | tool CPU s: ansible / pgplay | machine busy: ansible run / pgplay run | load (1 min) ansible / pgplay |',
  '|---|---|---|---|---|---|---|---|---|---|',
];
for (const n of hostCounts) {
  for (const phase of ['cold', 'warm']) {
    const a = get('ansible', n, phase);
    const p = get('pgplay', n, phase);
    const ratio = a && p ? `${(a.secs / p.secs).toFixed(1)}×` : '–';
    lines.push(`| ${n} | ${phase} | ${f2(a?.secs)} | ${f2(p?.secs)} | ${ratio} | ${f1(a?.perTaskHostMs)} / ${f1(p?.perTaskHostMs)} | ${f1(a?.peakMb)} / ${f1(p?.peakMb)} | ${f2(a?.toolCpuS)} / ${f2(p?.toolCpuS)} | ${busy(a)} / ${busy(p)} | ${f1(a?.load)} / ${f1(p?.load)} |`);
  }
}
const scale = (tool, phase) => {
  const one = get(tool, Math.min(...hostCounts), phase);
  const many = get(tool, Math.max(...hostCounts), phase);
  return one && many && one !== many ? `${(many.secs / one.secs).toFixed(2)}×` : '–';
};
lines.push('', `Scaling, ${Math.max(...hostCounts)} hosts' wall time over ${Math.min(...hostCounts)} host's:`, '',
  '| tool | cold | warm |', '|---|---|---|',
  ...tools.map((t) => `| ${t === 'ansible' ? 'ansible-playbook' : 'pgplay'} | ${scale(t, 'cold')} | ${scale(t, 'warm')} |`));
// Where the time went: the tool's own CPU against the whole machine's (the hosts' share is the rest).
const cpuScale = (tool, phase, key) => {
  const one = get(tool, Math.min(...hostCounts), phase);
  const many = get(tool, Math.max(...hostCounts), phase);
  return one && many && one !== many ? `${many[key].toFixed(2)} / ${one[key].toFixed(2)} s = ${(many[key] / one[key]).toFixed(2)}×` : '–';
};
lines.push('', `CPU, ${Math.max(...hostCounts)} hosts over ${Math.min(...hostCounts)} host, warm: the tool's own and the whole machine's (the difference is mostly the hosts' sshd, shells and the programs the tasks run, on the same cores):`, '',
  '| tool | tool CPU | machine CPU |', '|---|---|---|',
  ...tools.map((t) => `| ${t === 'ansible' ? 'ansible-playbook' : 'pgplay'} | ${cpuScale(t, 'warm', 'toolCpuS')} | ${cpuScale(t, 'warm', 'machineCpuS')} |`));
// The shortest a run could be on this machine: all the CPU it made the machine spend, spread over
// every core, and never less than the tool's own CPU (pgplay's event loop is one thread). The
// ratio of that floor to the 1-host run is the best the scaling could be here, whatever the tool does.
const floorS = (r) => Math.max(r.machineCpuS / cpus().length, r.toolCpuS);
lines.push('', `The floor of each warm run on this machine: its machine CPU over the ${cpus().length} cores (the run cannot be shorter), and the tool's own CPU split into user and system (kernel) time:`, '',
  '| tool | hosts | wall s | machine CPU s | floor s (machine CPU / cores, at least the tool CPU) | wall over floor | floor over the 1-host wall | tool CPU user / system s |', '|---|---|---|---|---|---|---|---|',
  ...tools.flatMap((t) => hostCounts.map((n) => {
    const r = get(t, n, 'warm');
    const one = get(t, Math.min(...hostCounts), 'warm');
    if (!r || !one) return `| ${t} | ${n} | – | – | – | – | – | – |`;
    return `| ${t === 'ansible' ? 'ansible-playbook' : 'pgplay'} | ${n} | ${f2(r.secs)} | ${f2(r.machineCpuS)} | ${f2(floorS(r))} | ${(r.secs / floorS(r)).toFixed(2)}× | ${(floorS(r) / one.secs).toFixed(2)}× | ${f2(r.toolUserS)} / ${f2(r.toolSysS)} |`;
  })));
const wired = results.filter((r) => r.wire);
if (wired.length) {
  lines.push('', 'pgplay\'s remote operations (`PGPLAY_DEBUG_ROUNDTRIPS`): SSH connections made, remote commands on session channels of their own (channel open, exec, exit status: three round trips; one of them starts the resident shell), commands on the connection\'s resident shell (one round trip), file probes answered by its resident Python server (one round trip, no process started on the host; one more channel starts it) and SFTP requests (one round trip each), in total and per task per host (all 50 tasks counted, controller-side ones too):', '',
    '| hosts | phase | connections | commands on channels | commands on the resident shell | native file probes | SFTP requests | commands per task per host | SFTP requests per task per host |', '|---|---|---|---|---|---|---|---|---|',
    ...wired.map((r) => `| ${r.hosts} | ${r.phase} | ${r.wire.connects} | ${r.wire.execs} | ${r.wire.residentCommands ?? 0} | ${r.wire.nativeRequests ?? 0} | ${r.wire.sftpRequests} | ${((r.wire.execs + (r.wire.residentCommands ?? 0) + (r.wire.nativeRequests ?? 0)) / (TASKS * r.hosts)).toFixed(2)} | ${(r.wire.sftpRequests / (TASKS * r.hosts)).toFixed(2)} |`));
}
lines.push('');
writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
