/** --list-hosts, --list-tasks, --list-tags: what a playbook would do, without doing it. */
import { preparePlaybook, formatDiagnostic, parseExtraVars, taskTags, selectedByTags, roleTaskName, type Inventory, type Task, type Block, type VaultLib } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import type { RunArgs } from '../args.js';
import type { Io } from '../io.js';

/** Whether a block keeps any task after tag filtering (Block.filter_tagged_tasks + has_tasks). */
function hasSelected(b: Block, keep: (t: Task) => boolean): boolean {
  return [...b.block, ...b.rescue, ...b.always].some((t) => (t.kind === 'task' ? keep(t) : hasSelected(t, keep)));
}

/** The tasks ansible-playbook lists: each kept block's `block` section only (cli/playbook.py). */
function listedTasks(b: Block, keep: (t: Task) => boolean): Task[] {
  return b.block.flatMap((t) => (t.kind === 'task' ? (keep(t) ? [t] : []) : hasSelected(t, keep) ? listedTasks(t, keep) : []));
}

function tagsOf(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : String(v).split(',')).map((x) => String(x).trim());
}

export function listPlaybook(path: string, shown: string, inventory: Inventory, args: RunArgs, io: Io, vault?: VaultLib): number {
  const extra = parseExtraVars(args.extraVars);
  const p = preparePlaybook(path, registry, { extraVars: extra.vars, ...(vault ? { vault } : {}) });
  for (const d of p.diagnostics) io.err(formatDiagnostic(d) + '\n');
  if (!p.playbook || p.diagnostics.some((d) => d.severity === 'error')) return 4;
  io.out(`\nplaybook: ${shown}\n`);
  p.playbook.plays.forEach((play, i) => {
    const pattern = Array.isArray(play.hosts) ? play.hosts.join(',') : String(play.hosts);
    const playTags = tagsOf(play.keywords.tags);
    io.out(`\n  play #${i + 1} (${pattern}): ${play.name || pattern}\tTAGS: [${[...new Set(playTags)].join(',')}]\n`);
    if (args.listHosts) {
      const hosts = inventory.selectHosts(pattern, args.limit !== undefined ? { limit: args.limit } : {});
      io.out(`    pattern: ['${pattern}']\n    hosts (${hosts.length}):\n`);
      for (const h of hosts) io.out(`      ${h}\n`);
    }
    // --list-tags without --tags or --skip-tags lists every tag, `never` included (cli/playbook.py).
    const only = args.listTags && args.tags.length === 0 && args.skipTags.length === 0 ? ['never', 'all'] : args.tags;
    const keep = (t: Task) => selectedByTags(taskTags(t), only, args.skipTags);
    const tasks = [play.preTasks, play.tasks, play.postTasks].flatMap((b) => (hasSelected(b, keep) ? listedTasks(b, keep) : []));
    if (args.listTasks) {
      io.out('    tasks:\n');
      for (const t of tasks) {
        const named = typeof t.keywords.name === 'string' && t.keywords.name !== '';
        const name = named ? roleTaskName(t, t.keywords.name as string) : t.action;
        io.out(`      ${name}\tTAGS: [${[...new Set([...playTags, ...taskTags(t)])].sort().join(', ')}]\n`);
      }
    }
    if (args.listTags) {
      const all = new Set([...playTags, ...tasks.flatMap((t) => taskTags(t))]);
      io.out(`      TASK TAGS: [${[...all].sort().join(', ')}]\n`);
    }
  });
  return 0;
}
