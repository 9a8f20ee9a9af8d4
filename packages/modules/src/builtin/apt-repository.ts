import { defineModule, sh, ModuleFailure, type ModuleContext, type JSONSchema } from '@pgplay/engine/module-api';
import { octalMode } from './apt/octal-mode.js';
import { updateCache } from './apt/update-cache.js';
import { addSource, dump, InvalidSource, parseFile, parseLine, removeSource, suggestFilename, type SourceFiles } from './apt/sources-list.js';

interface AptRepositoryArgs {
  repo: string;
  state?: 'present' | 'absent';
  mode?: string | number;
  update_cache?: boolean;
  update_cache_retries?: number;
  update_cache_retry_max_delay?: number;
  filename?: string;
  install_python_apt?: boolean;
  validate_certs?: boolean;
  codename?: string;
}

interface Actions {
  /** Files to (re)write with their text and mode, files to delete. */
  write: { path: string; text: string; mode: string; old: string | null }[];
  remove: string[];
  updateCache: boolean;
  retries: number;
  maxDelay: number;
}

const PROBE = sh`for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do [ -f "$f" ] || continue; printf '@F %s %s\\n' "$(stat -c %a "$f")" "$f"; awk '{print}' "$f"; done`;

/** The sources files, their modes, and whether the last line of each ended without a newline. */
async function readSources(ctx: ModuleContext): Promise<{ files: SourceFiles; texts: Map<string, string>; modes: Map<string, string> }> {
  const r = await ctx.host.exec(PROBE);
  const files: SourceFiles = new Map();
  const texts = new Map<string, string>();
  const modes = new Map<string, string>();
  let cur: string | null = null;
  for (const line of r.stdout.split('\n').slice(0, -1)) {
    const head = /^@F (\d+) (.*)$/.exec(line);
    if (head) { cur = head[2]!; modes.set(cur, head[1]!.padStart(4, '0')); texts.set(cur, ''); continue; }
    if (cur !== null) texts.set(cur, texts.get(cur)! + line + '\n');
  }
  for (const [f, t] of texts) files.set(f, parseFile(t));
  return { files, texts, modes };
}

/** ansible.builtin.apt_repository for one-line sources (Debian family); ppa: lines are refused (they need Launchpad). */
export default defineModule<AptRepositoryArgs, Actions>({
  name: 'ansible.builtin.apt_repository',
  aliases: ['apt_repository'],
  doc: { short: 'Add and remove APT repositories', description: 'Adds or removes a one-line source in /etc/apt/sources.list or sources.list.d/*.list, then updates the cache; ppa: repositories are not supported.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['repo'],
    properties: {
      repo: { type: 'string', description: 'A source string for the repository.' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'A source string state.' },
      mode: { type: ['string', 'integer'], description: 'The octal mode for newly created files in sources.list.d.' } as JSONSchema,
      update_cache: { type: 'boolean', default: true, 'x-aliases': ['update-cache'], description: 'Run the equivalent of apt-get update when a change occurs.' },
      update_cache_retries: { type: 'integer', default: 5, description: 'Amount of retries if the cache update fails.' },
      update_cache_retry_max_delay: { type: 'integer', default: 12, description: 'Use an exponential backoff delay for each retry (see update_cache_retries) up to this max delay in seconds.' },
      filename: { type: 'string', description: 'Sets the name of the source list file in sources.list.d (.list is added).' },
      install_python_apt: { type: 'boolean', default: true, description: 'Whether to automatically try to install the Python apt library (pgplay needs none: no effect).' },
      validate_certs: { type: 'boolean', default: true, description: 'Only used for ppa: repositories, which pgplay does not support.' },
      codename: { type: 'string', description: 'Override the distribution codename to use for PPA repositories (pgplay does not support ppa: repositories).' },
    },
  },
  returns: {
    repo: { description: 'A source string for the repository', returned: 'always', type: 'str' },
    sources_added: { description: 'List of sources added', returned: 'success, sources were added', type: 'list' },
    sources_removed: { description: 'List of sources removed', returned: 'success, sources were removed', type: 'list' },
  },
  capabilities: { check: 'full', diff: 'full' },
  async plan(a, ctx) {
    if (!a.repo) throw new ModuleFailure('Please set argument \'repo\' to a non-empty value');
    if (a.repo.startsWith('ppa:')) throw new ModuleFailure('pgplay\'s apt_repository does not support ppa: repositories (they need Launchpad); add the repository line and its key instead');
    const { files, texts, modes } = await readSources(ctx);
    const before = dump(files);
    let newFile: string | null = null;
    try {
      if ((a.state ?? 'present') === 'present') {
        const { source } = parseLine(a.repo, true);
        newFile = addSource(files, source, suggestFilename(source, a.filename));
      } else removeSource(files, parseLine(a.repo, true).source);
    } catch (e) {
      if (e instanceof InvalidSource) throw new ModuleFailure(`Invalid repository string: ${e.message}`);
      throw e;
    }
    const after = dump(files);
    const changed = before.size !== after.size || [...after].some(([f, t]) => before.get(f) !== t);
    const added = [...after.keys()].filter((f) => !before.has(f));
    const removed = [...before.keys()].filter((f) => !after.has(f));
    const diff = changed && ctx.diff ? [...new Set([...added, ...removed])].map((f) => ({
      before: before.get(f) ?? '', after: after.get(f) ?? '', before_header: before.has(f) ? f : '/dev/null', after_header: after.has(f) ? f : '/dev/null',
    })) : [];
    // save() writes every file it loaded (pgplay only those whose text changes) and deletes emptied ones.
    const write = [...after].filter(([f, t]) => texts.get(f) !== t).map(([path, text]) => ({
      path, text, mode: path === newFile && a.mode !== undefined ? octalMode(a.mode, 'apt_repository') : (modes.get(path) ?? '0644'), old: texts.get(path) ?? null,
    }));
    const remove = [...files.keys()].filter((f) => !after.has(f) && texts.has(f));
    const result = { changed, repo: a.repo, sources_added: added, sources_removed: removed, state: a.state ?? 'present', diff: diff as never };
    return { changed, actions: { write, remove, updateCache: a.update_cache ?? true, retries: a.update_cache_retries ?? 5, maxDelay: a.update_cache_retry_max_delay ?? 12 }, result };
  },
  async apply(plan, ctx) {
    const act = plan.actions!;
    for (const w of act.write) await ctx.host.put(w.text, w.path, { mode: w.mode });
    if (act.remove.length) await ctx.host.exec(sh`rm -f ${act.remove}`);
    if (act.updateCache) {
      let err = '';
      const ok = await updateCache(ctx, { retries: act.retries, maxDelay: act.maxDelay, lockTimeout: 0, args: ['-q'] }).then(() => true, (e: unknown) => {
        if (e instanceof ModuleFailure) { err = e.message; return false; }
        throw e;
      });
      if (!ok) {
        // revert_sources_list: new files go, the others get their text back.
        for (const w of act.write) {
          if (w.old === null) await ctx.host.exec(sh`rm -f ${w.path}`);
          else await ctx.host.put(w.old, w.path, { mode: w.mode });
        }
        throw new ModuleFailure(err);
      }
    }
    return plan.result!;
  },
});
