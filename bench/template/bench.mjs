// Template benchmark (not a test): pgplay's renderTemplate beside Python Jinja2 in the same run.
// Usage: pnpm build && node bench/template/bench.mjs   -> writes bench/results/template.md
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate, fromPlain } from '../../packages/engine/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const BIG = 1000;
const SMALL = 20000;
const source = readFileSync(join(here, 'nginx.conf.j2'), 'utf8');
const vars = fromPlain(JSON.parse(readFileSync(join(here, 'vars.json'), 'utf8')));

// CPU time of this process (user + system), so other load on the machine does not skew the ratio;
// the Python side measures time.process_time() the same way.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
// Best of ROUNDS: the machine is shared, the minimum is the least disturbed measurement.
const ROUNDS = 3;
renderTemplate(source, vars); // warm-up: parse once, JIT
let out = '';
let big = Infinity;
let small = Infinity;
for (let r = 0; r < ROUNDS; r++) {
  let t0 = cpu();
  for (let i = 0; i < BIG; i++) out = renderTemplate(source, vars);
  big = Math.min(big, cpu() - t0);
  t0 = cpu();
  for (let i = 0; i < SMALL; i++) {
    // r in the text keeps every round's templates distinct from the parse cache's point of view.
    renderTemplate(`Hello {{ name }} #${r}.${i}: {{ items | join(",") }}{% if n > 1 %} many{% endif %}`, { name: 'x', items: ['a', 'b'], n: i });
  }
  small = Math.min(small, cpu() - t0);
}

const py = JSON.parse(execFileSync(join(root, '.venv', 'bin', 'python'), [join(here, 'bench_jinja.py'), String(BIG), String(SMALL), '3'], { encoding: 'utf8' }));
const row = (name, ts, p) => `| ${name} | ${ts.toFixed(3)} s | ${p.toFixed(3)} s | ${(p / ts).toFixed(2)}x |`;
const md = [
  '# Template benchmark',
  '',
  `Run: ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}; Python Jinja2 from .venv in the same run.`,
  `Times are CPU seconds (user + system), best of 3 rounds on each side. Produced by \`node bench/template/bench.mjs\` (after \`pnpm build\`).`,
  '',
  '| workload (CPU time) | pgplay | Python Jinja2 | pgplay speed-up |',
  '| --- | --- | --- | --- |',
  row(`${source.split('\n').length}-line nginx template x ${BIG} (parse once)`, big, py.big),
  row(`${SMALL} distinct small templates (parse + render each)`, small, py.small),
  '',
  `Output of the big template: ${out.length} characters (Python: ${py.bytes}); ${out === py.text ? 'identical to' : 'DIFFERENT from'} Python's text.`,
  '',
].join('\n');
writeFileSync(join(root, 'bench', 'results', 'template.md'), md);
console.log(md);
