#!/usr/bin/env node
// Engine benchmark (not a test): pgplay and ansible-playbook (pinned, from .venv) run the same
// playbooks on the same machine in the same run; wall time and peak memory, best and median of N.
//   node bench/engine/bench.mjs [--runs 3]      (after `bash scripts/test.sh` or bootstrap + setup-venv)
// Writes bench/results/engine.md. Traffic: none (local connection only).
import { $, fs, path, os } from 'zx';

$.verbose = false;
$.quiet = true;
const root = path.resolve(import.meta.dirname, '../..');
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 3) || 3;
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'pgplay-bench-'));
const py = path.join(root, '.venv/bin/python');

function playbook(tasks) {
  return `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks.join('')}`;
}
function controllerTasks(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) out.push(`    - set_fact:\n        v${i % 50}: "{{ ${i} * 2 }}"\n`);
    else if (i % 3 === 1) out.push(`    - debug:\n        msg: "task ${i} {{ inventory_hostname }}"\n`);
    else out.push(`    - assert:\n        that: ${i} > 0\n        quiet: true\n`);
  }
  return playbook(out);
}
const commandTasks = (n) => playbook(Array.from({ length: n }, (_, i) => `    - command: /bin/true ${i}\n`));

const scenarios = [
  { name: '1,000 controller-side tasks (set_fact, debug, assert)', tasks: 1000, text: controllerTasks(1000) },
  { name: '50 command tasks (local connection)', tasks: 50, text: commandTasks(50) },
];

await fs.writeFile(path.join(work, 'inventory.ini'), `h1 ansible_connection=local ansible_python_interpreter=${py}\n`);
await fs.writeFile(path.join(work, 'ansible.cfg'), '[defaults]\nretry_files_enabled = False\ninterpreter_python = auto_silent\ngathering = explicit\n');
const env = { ...process.env, ANSIBLE_CONFIG: path.join(work, 'ansible.cfg'), ANSIBLE_NOCOLOR: '1', ANSIBLE_HOME: path.join(work, 'ansible-home') };

async function measure(cmd) {
  const r = await $({ cwd: work, env, nothrow: true })`/usr/bin/time -f ${'%e %M'} ${cmd}`;
  if (r.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed (${r.exitCode}):\n${r.stderr.slice(-2000)}`);
  const [secs, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { secs, mb: kb / 1024 };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { best: s[0], median: s[Math.floor(s.length / 2)] };
};

const rows = [];
for (const sc of scenarios) {
  const file = path.join(work, `${rows.length}.yml`);
  await fs.writeFile(file, sc.text);
  const sides = {
    ansible: [path.join(root, '.venv/bin/ansible-playbook'), '-i', 'inventory.ini', file],
    pgplay: ['node', path.join(root, 'packages/cli/bin/pgplay.js'), 'run', file, '-i', 'inventory.ini'],
  };
  const res = {};
  for (const [side, cmd] of Object.entries(sides)) {
    const m = [];
    for (let i = 0; i < runs; i++) m.push(await measure(cmd)); // sides alternate per scenario, same machine, same run
    res[side] = { t: stats(m.map((x) => x.secs)), mem: Math.max(...m.map((x) => x.mb)) };
  }
  rows.push({ sc, res });
  console.log(sc.name, JSON.stringify(res));
}

const f = (n) => n.toFixed(2);
const lines = [
  '# Engine benchmark: pgplay vs ansible-playbook 2.16',
  '',
  `Made by \`node bench/engine/bench.mjs --runs ${runs}\` on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}.`,
  'Both tools run the same generated playbook on one local-connection host, one after the other, in the same run.',
  'Times are wall seconds (best / median of the runs, process start to exit); memory is the peak RSS of the largest single process of the run (GNU time %M: ansible-playbook's workers count only one at a time).',
  '',
  '| scenario | ansible-playbook s (best / median) | pgplay s (best / median) | speed-up (median) | per task: ansible / pgplay ms | peak MB ansible / pgplay |',
  '|---|---|---|---|---|---|',
  ...rows.map(({ sc, res }) => `| ${sc.name} | ${f(res.ansible.t.best)} / ${f(res.ansible.t.median)} | ${f(res.pgplay.t.best)} / ${f(res.pgplay.t.median)} | ${(res.ansible.t.median / res.pgplay.t.median).toFixed(1)}x | ${f((res.ansible.t.median * 1000) / sc.tasks)} / ${f((res.pgplay.t.median * 1000) / sc.tasks)} | ${res.ansible.mem.toFixed(0)} / ${res.pgplay.mem.toFixed(0)} |`),
  '',
];
await fs.mkdir(path.join(root, 'bench/results'), { recursive: true });
await fs.writeFile(path.join(root, 'bench/results/engine.md'), lines.join('\n'));
await fs.rm(work, { recursive: true, force: true });
console.log(lines.join('\n'));
