/** --list-hosts, --list-tasks, --list-tags: what a playbook would do, without doing it. */
import { preparePlaybook, formatDiagnostic, type Inventory, type Task, type Block, type VaultLib } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import type { RunArgs } from '../args.js';
import type { Io } from '../io.js';

function tasksOf(b: Block): Task[] {
  return [...b.block, ...b.rescue, ...b.always].flatMap((t) => (t.kind === 'task' ? [t] : tasksOf(t)));
}

function tagsOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((x) => String(x).trim());
}

export function listPlaybook(path: string, shown: string, inventory: Inventory, args: RunArgs, io: Io, vault?: VaultLib): number {
  const p = preparePlaybook(path, registry, vault);
  for (const d of p.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (!p.playbook || p.diagnostics.some((d) => d.severity === 'error')) return 4;
  io.out(`\nplaybook: ${shown}\n`);
  p.playbook.plays.forEach((play, i) => {
    const pattern = Array.isArray(play.hosts) ? play.hosts.join(',') : String(play.hosts);
    const playTags = tagsOf(play.keywords.tags);
    io.out(`\n  play #${i + 1} (${pattern}): ${play.name || pattern}\tTAGS: [${playTags.join(', ')}]\n`);
    if (args.listHosts) {
      const hosts = inventory.selectHosts(pattern, args.limit !== undefined ? { limit: args.limit } : {});
      io.out(`    pattern: ['${pattern}']\n    hosts (${hosts.length}):\n`);
      for (const h of hosts) io.out(`      ${h}\n`);
    }
    const tasks = [play.preTasks, play.tasks, play.postTasks].flatMap(tasksOf);
    if (args.listTasks) {
      io.out('    tasks:\n');
      for (const t of tasks) {
        const name = typeof t.keywords.name === 'string' ? t.keywords.name : t.action;
        io.out(`      ${name}\tTAGS: [${[...new Set([...playTags, ...tagsOf(t.keywords.tags)])].sort().join(', ')}]\n`);
      }
    }
    if (args.listTags) {
      const all = new Set([...playTags, ...tasks.flatMap((t) => tagsOf(t.keywords.tags))]);
      io.out(`      TASK TAGS: [${[...all].sort().join(', ')}]\n`);
    }
  });
  return 0;
}
