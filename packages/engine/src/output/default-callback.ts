/**
 * ansible-core's default stdout callback, as text: banners, per-host lines, diffs, retries,
 * the recap. Fed RunEvents; writes through `out`/`err` so the library never touches stdout.
 */
import type { RunEvent, TaskInfo, HostStats } from './events.js';
import type { ModuleResult } from '../module-api.js';
import { jsonDumps } from '../template/ansible/filters/py-json.js';
import { renderDiff } from './render-diff.js';
import { isDict } from '../values/py.js';
import { sameTaskAs } from './task-identity.js';
import { wrap as pyTextWrap } from '../values/textwrap.js';

export interface CallbackOptions {
  verbosity: number;
  color: boolean;
  /** Terminal width; ansible uses max(79, tty width - 1) and 79 off a terminal. */
  columns?: number;
  /** deprecation_warnings (ANSIBLE_DEPRECATION_WARNINGS): print modules' deprecations (default true). */
  deprecationWarnings?: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

const COLORS = { ok: '32', changed: '33', skip: '36', error: '31', unreachable: '1;31', warn: '1;35', deprecate: '35', diffAdd: '32', diffRemove: '31', diffLines: '36' } as const;
const INCLUDES = new Set(['ansible.builtin.include_tasks', 'ansible.builtin.include_role']);
interface Deprecation {
  msg?: unknown;
  date?: string;
  version?: string;
  collection_name?: string;
}

const DEBUG_ALLOWED = new Set(['msg', 'exception', 'warnings', 'deprecations']);
/** strip_internal_keys: `_ansible_*` keys go at every depth (a failed gather's ansible_facts has one). */
function stripInternal(v: unknown): unknown {
  if (Array.isArray(v) && v.constructor === Array) return v.map(stripInternal);
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!k.startsWith('_ansible_')) out[k] = stripInternal(x);
    return out;
  }
  return v;
}

const HIDE_IN_DEBUG = ['changed', 'failed', 'skipped', 'invocation', 'skip_reason'];

export class DefaultCallback {
  private lastBanner: TaskInfo | undefined;
  private currentTask: TaskInfo | undefined;
  private readonly columns: number;

  constructor(private readonly o: CallbackOptions) {
    this.columns = o.columns ?? 79;
  }

  private color(text: string, c: keyof typeof COLORS): string {
    return this.o.color ? `\x1b[0;${COLORS[c]}m${text}\x1b[0m` : text;
  }

  private line(text: string, c?: keyof typeof COLORS): void {
    this.o.out((c ? this.color(text, c) : text) + '\n');
  }

  private banner(msg: string): void {
    const stars = Math.max(3, this.columns - [...msg].length);
    this.o.out(`\n${msg} ${'*'.repeat(stars)}\n`);
  }

  private taskBanner(task: TaskInfo): void {
    const prefix = task.handler ? 'RUNNING HANDLER' : 'TASK';
    const name = task.role ? `${task.role} : ${task.name}` : task.name;
    this.banner(`${prefix} [${name.trim()}]`);
    if (this.o.verbosity >= 2 && task.location) this.line(`task path: ${task.location.file}:${task.location.line}`);
    this.lastBanner = task;
  }

  private ensureBanner(item: TaskInfo): void {
    // A loop item's result names the task with the item's name templated (ansible's task copy);
    // it is still the task under the banner.
    const task = sameTaskAs(item);
    if (this.lastBanner !== task && this.currentTask !== task) this.taskBanner(task);
  }

  /** The abridged JSON of a result (callback._dump_results). */
  private dump(r: ModuleResult, forceIndent = false): string {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k.startsWith('_ansible_') || k.startsWith('_pgplay_') || k === 'exception') continue;
      if ((k === 'invocation' || k === 'diff') && this.o.verbosity < 3) continue;
      out[k] = stripInternal(v);
    }
    const indent = forceIndent || r._ansible_verbose_always === true || this.o.verbosity > 2 ? 4 : null;
    return jsonDumps(out, { indent, sortKeys: true, ensureAscii: false });
  }

  /** CallbackBase._handle_exception: a failure carrying a traceback says so first. */
  private exception(r: ModuleResult): void {
    if (typeof r.exception !== 'string') return;
    this.line(this.o.verbosity < 3
      ? `An exception occurred during task execution. To see the full traceback, use -vvv. The error was: ${r.exception.trim().split('\n').at(-1)}`
      : `The full traceback is:\n${r.exception}`, 'error');
  }

  private verbose(r: ModuleResult): boolean {
    return (this.o.verbosity > 0 || r._ansible_verbose_always === true) && r._ansible_verbose_override !== true;
  }

  private clean(r: ModuleResult, action: string): ModuleResult {
    const out = { ...r };
    if (action !== 'ansible.builtin.debug') return out;
    if ('msg' in out) {
      for (const k of Object.keys(out)) if (!DEBUG_ALLOWED.has(k) && !k.startsWith('_')) delete out[k];
    } else for (const k of HIDE_IN_DEBUG) delete out[k];
    return out;
  }

  private warnings(r: ModuleResult): void {
    for (const w of (r.warnings as string[] | undefined) ?? []) this.warn(w);
    for (const d of (r.deprecations as Deprecation[] | undefined) ?? []) this.deprecated(d);
  }

  /**
   * Display.deprecated: "[DEPRECATION WARNING]: msg. This feature will be removed from <collection>
   * in a release after <date>. Deprecation warnings can be disabled by …", wrapped keeping
   * whitespace (drop_whitespace=False), once per run.
   */
  private readonly deprecatedShown = new Set<string>();
  private deprecated(d: Deprecation): void {
    if (this.o.deprecationWarnings === false) return;
    let msg = String(d.msg ?? '').trim();
    if (msg && !['!', '?', '.'].includes(msg.at(-1)!)) msg += '.';
    const collection = d.collection_name === 'ansible.builtin' ? 'ansible-core' : d.collection_name;
    const when = d.date ? `in a release after ${d.date}.` : d.version ? `in version ${d.version}.` : 'in a future release.';
    const text = [`[DEPRECATION WARNING]: ${msg}`, 'This feature will be removed', collection ? `from ${collection}` : '', when,
      'Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.'].filter((f) => f).join(' ');
    const wrapped = pyTextWrap(text, { width: this.columns, dropWhitespace: false }).join('\n');
    if (this.deprecatedShown.has(wrapped)) return;
    this.deprecatedShown.add(wrapped);
    this.o.err(this.color(wrapped.trim(), 'deprecate') + '\n');
  }

  /**
   * Display.warning: the message wrapped with textwrap at the display's width (79 off a terminal,
   * max(79, width - 1) on one) and shown once per run however often it recurs.
   */
  private readonly warned = new Set<string>();
  private warn(msg: string): void {
    const text = pyTextWrap(`[WARNING]: ${msg}`, { width: this.columns }).join('\n');
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.o.err(this.color(text, 'warn') + '\n');
  }

  /** CallbackBase.host_label: `h -> delegate`, plus `(address)` when that differs from the name. */
  private label(host: string, delegatedTo?: string, delegatedHost?: string): string {
    const name = delegatedHost ?? delegatedTo;
    if (!name || name === host) return host;
    return `${host} -> ${name}${delegatedTo && delegatedTo !== name ? `(${delegatedTo})` : ''}`;
  }

  private hostResult(e: Extract<RunEvent, { kind: 'host-result' }>): void {
    const r = this.clean(e.result, e.task.action);
    const host = this.label(e.host, e.delegatedTo, e.delegatedHost);
    this.ensureBanner(e.task);
    const { warnings, ...shown } = r;
    void warnings;
    // _handle_warnings: printed deprecations leave the result; an empty list stays in it.
    if (Array.isArray(shown.deprecations) && shown.deprecations.length > 0) delete shown.deprecations;
    this.warnings(r);
    // Modules (file, lineinfile…) return a diff whatever the setting; ansible's strategy shows it
    // only when the task runs in diff mode (--diff or the task's `diff:` keyword): e.diff says so.
    if (e.diff && e.status !== 'failed' && e.status !== 'unreachable' && (e.item || !e.loopSummary)) this.diff(e.result);
    // An include's ok results print nothing (the `included:` lines say it), as ansible's callback.
    if (INCLUDES.has(e.task.action) && (e.status === 'ok' || e.status === 'changed')) return;
    if (e.item) return this.itemLine(e, shown, host);
    if (e.loopSummary && e.status !== 'skipped' && e.status !== 'failed') return;
    if (e.loopSummary && e.status === 'failed') {
      // Items were printed one by one. ansible's callback cleans a failed result before asking
      // whether it is a loop, and debug's cleaning drops `results`: then a fatal line follows.
      if (!('results' in shown)) this.line(`fatal: [${host}]: FAILED! => ${this.dump(shown)}`, 'error');
      if (e.ignored) this.line('...ignoring', 'skip');
      return;
    }
    switch (e.status) {
      case 'failed':
        this.exception(shown);
        this.line(`fatal: [${host}]: FAILED! => ${this.dump(shown)}`, 'error');
        if (e.ignored) this.line('...ignoring', 'skip');
        return;
      case 'unreachable':
        this.line(`fatal: [${host}]: UNREACHABLE! => ${this.dump(shown)}`, 'unreachable');
        if (e.ignored) this.line('...ignoring', 'skip');
        return;
      case 'skipped':
        this.line(`skipping: [${e.host}]${this.verbose(r) && !e.loopSummary ? ` => ${this.dump(shown)}` : ''}`, 'skip');
        return;
      default: {
        const word = e.status === 'changed' ? 'changed' : 'ok';
        this.line(`${word}: [${host}]${this.verbose(r) ? ` => ${this.dump(shown)}` : ''}`, e.status === 'changed' ? 'changed' : 'ok');
      }
    }
  }

  private itemLine(e: Extract<RunEvent, { kind: 'host-result' }>, shown: ModuleResult, host: string): void {
    const label = e.item!.label;
    if (e.status === 'failed') {
      this.exception(shown);
      this.line(`failed: [${host}] (item=${label}) => ${this.dump(shown)}`, 'error');
    }
    else if (e.status === 'skipped') this.line(`skipping: [${e.host}] => (item=${label}) ${this.verbose(shown) ? ` => ${this.dump(shown)}` : ''}`, 'skip');
    else {
      const word = e.status === 'changed' ? 'changed' : 'ok';
      this.line(`${word}: [${host}] => (item=${label})${this.verbose(shown) ? ` => ${this.dump(shown)}` : ''}`, e.status === 'changed' ? 'changed' : 'ok');
    }
  }

  private diff(r: ModuleResult): void {
    if (!r.diff || !r.changed) return;
    const text = renderDiff(r.diff, (s, c) => this.color(s, c));
    if (text) this.o.out(text.endsWith('\n') ? text : text + '\n');
  }

  private recap(stats: Record<string, HostStats>): void {
    this.banner('PLAY RECAP');
    for (const [host, s] of Object.entries(stats)) {
      const f = (k: string, n: number) => `${k}=${String(n).padEnd(4)}`;
      const name = host.padEnd(26);
      this.line(`${name} : ${f('ok', s.ok)} ${f('changed', s.changed)} ${f('unreachable', s.unreachable)} ${f('failed', s.failed)} ${f('skipped', s.skipped)} ${f('rescued', s.rescued)} ${f('ignored', s.ignored)}`);
    }
    this.o.out('\n');
  }

  handle(e: RunEvent): void {
    switch (e.kind) {
      case 'play-start':
        this.banner(e.play.name ? `PLAY [${e.play.name}]` : 'PLAY');
        return;
      case 'no-hosts-matched':
        this.line('skipping: no hosts matched', 'skip');
        return;
      case 'no-more-hosts':
        this.banner('NO MORE HOSTS LEFT');
        return;
      case 'task-start':
        this.currentTask = e.task;
        this.taskBanner(e.task);
        return;
      case 'host-result':
        return this.hostResult(e);
      case 'task-retry':
        this.line(`FAILED - RETRYING: [${e.host}]: ${e.task.name} (${e.retriesLeft} retries left).${this.o.verbosity > 2 ? `Result was: ${this.dump(e.result)}` : ''}`, 'error');
        return;
      case 'included':
        this.line(`included: ${e.file} for ${e.hosts.join(', ')}${e.item ? ` => (item=${e.item.label})` : ''}`, 'skip');
        return;
      case 'display':
        this.line(e.text);
        return;
      case 'warning':
        this.warn(e.message);
        return;
      case 'error':
        // Display.error wraps "\n[ERROR]: msg": textwrap turns the newline into the leading space.
        this.o.err(this.color(pyTextWrap(`\n[ERROR]: ${e.message}`, { width: this.columns }).join('\n'), 'error') + '\n');
        return;
      case 'recap':
        return this.recap(e.stats);
      default:
        return;
    }
  }
}

