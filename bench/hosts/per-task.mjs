#!/usr/bin/env node
// Where a warm run's CPU goes, task by task (not a test): each task of the host benchmark's
// playbook is run alone, repeated R and then 2R times in one play on one converged lab host, by
// each tool; the difference between the two runs, over R, is what one more warm run of that task
// costs, with start-up and the SSH connection taken out. Measured per task: the CPU of the host's
// processes (sshd, shells, the programs a module starts; hostCpuS) and of the tool's own process
// tree on the controller. Results go to bench/results/hosts-per-task.md.
//   node bench/hosts/per-task.mjs [--tools pgplay,ansible] [--reps 10] [--out bench/results/hosts-per-task.md]
// Needs what bench.mjs needs (root and the lab, a build, the oracle venv). Traffic: only to the lab host it makes.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { root, labDist, preflight, runSide, check, hostCpuS } from './run-tool.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const tools = arg('--tools', 'pgplay,ansible').split(',');
const REPS = Number(arg('--reps', '10'));
const out = resolve(root, arg('--out', 'bench/results/hosts-per-task.md'));
preflight();
const { startLab } = await import(labDist);
const YAML = createRequire(join(root, 'packages/engine/package.json'))('yaml');

const playbookDir = join(root, 'bench/hosts');
const [play] = YAML.parse(readFileSync(join(playbookDir, 'playbook.yml'), 'utf8'));
// What later tasks read from earlier ones (registered results, facts), so each task runs alone.
const given = {
  bench_members: 1, app_conf: { stat: { exists: true, mode: '0640' } }, motd: { stat: { size: 1, checksum: 'x'.repeat(64) } },
  who: { stdout: 'root' }, members: { stdout: '1' }, app_conf_mode: '0640', bench_unit: { changed: false },
};
const moduleOf = (t) => Object.keys(t).find((k) => !['name', 'register', 'changed_when', 'args', 'when', 'notify'].includes(k));

const rows = play.tasks.map((t, i) => ({ i: i + 1, name: t.name, module: moduleOf(t), cost: {} }));
const started = new Date().toISOString();
const load0 = loadavg()[0];
for (const tool of tools) {
  const lab = await startLab({ suite: `bench-pt-${tool}`, hosts: 1, log: () => {} });
  const host = lab.hosts[0];
  const work = mkdtempSync(join(tmpdir(), `pgplay-bench-per-task-${tool}-`));
  try {
    cpSync(playbookDir, work, { recursive: true, filter: (s) => !s.endsWith('.mjs') });
    check(await runSide(tool, lab, work, 'converge', { forks: 1 }), 1, `${tool} converge`, false);
    for (const row of rows) {
      const task = play.tasks[row.i - 1];
      const measureReps = async (n) => {
        const file = join(work, `t${row.i}-${n}.yml`);
        writeFileSync(file, YAML.stringify([{ ...play, vars: { ...play.vars, ...given }, tasks: Array(n).fill(task) }]));
        const h0 = hostCpuS(lab, host);
        const r = await runSide(tool, lab, work, `t${row.i}-${n}`, { forks: 1, playbook: file });
        const h1 = hostCpuS(lab, host);
        check(r, 1, `${tool} task ${row.i} ×${n}`, true);
        return { host: h1 - h0, tool: r.toolCpuS };
      };
      const a = await measureReps(REPS);
      const b = await measureReps(2 * REPS);
      row.cost[tool] = { hostMs: ((b.host - a.host) * 1000) / REPS, toolMs: ((b.tool - a.tool) * 1000) / REPS };
      console.log(JSON.stringify({ tool, task: row.i, name: row.name, ...row.cost[tool] }));
    }
  } finally {
    await lab.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

const f1 = (x) => (x === undefined ? '–' : x.toFixed(1));
const sum = (tool, key) => rows.reduce((s, r) => s + (r.cost[tool]?.[key] ?? 0), 0);
const lines = [
  '# Host benchmark, task by task: what one more warm run of each task costs',
  '',
  `Run ${started} by \`node bench/hosts/per-task.mjs\` (${REPS} and ${2 * REPS} repetitions of each task on one converged lab host; load ${load0.toFixed(1)} at the start). ` +
    'Host CPU is the container\'s processes (sshd, shells, the programs the module starts), summed from /proc; tool CPU is the tool\'s process tree on the controller. ' +
    'Both are the difference between the two runs over the extra repetitions, so start-up and the SSH connection are not in them. The clock tick is 10 ms, so single figures carry ±1 ms.',
  '',
  `| # | task | module | ${tools.map((t) => `${t} host ms | ${t} controller ms`).join(' | ')} |`,
  `|---|---|---|${tools.map(() => '---|---').join('|')}|`,
  ...rows.map((r) => `| ${r.i} | ${r.name} | ${r.module} | ${tools.map((t) => `${f1(r.cost[t]?.hostMs)} | ${f1(r.cost[t]?.toolMs)}`).join(' | ')} |`),
  `| | **all ${rows.length} tasks** | | ${tools.map((t) => `**${f1(sum(t, 'hostMs'))}** | **${f1(sum(t, 'toolMs'))}**`).join(' | ')} |`,
  '',
];
writeFileSync(out, lines.join('\n'));
console.log(`wrote ${out}`);
