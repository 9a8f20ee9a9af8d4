import { defineModule, sh, ModuleFailure, type ModuleContext, type ModuleResult } from '@pgplay/engine/module-api';
import { installList, parseSpec, removeList, type Spec } from './apt/decide.js';
import { APT_ENV, readAptState, type AptState } from './apt/state.js';

interface AptArgs {
  /** ansible's canonical key; `name` and `pkg` are its aliases (messages and invocation say package). */
  package?: string[];
  state?: 'present' | 'absent' | 'latest';
  update_cache?: boolean;
  cache_valid_time?: number;
  install_recommends?: boolean;
  purge?: boolean;
  autoremove?: boolean;
  force?: boolean;
  allow_downgrade?: boolean;
}

interface Actions {
  args: AptArgs;
  specs: Spec[];
  needUpdate: boolean;
  /** Named packages apt marks as automatically installed: ansible's apt marks them manual. */
  marks: boolean;
}

const APT_GET = '/usr/bin/apt-get';
const DPKG_OPTIONS = '-o "Dpkg::Options::=--force-confdef" -o "Dpkg::Options::=--force-confold"';
const unsupported = (why: string) => ({ 'x-unsupported': why });

/** ansible's command line for install(): its format string's fields joined by single spaces, empty ones included. */
function installCommand(a: AptArgs, list: string[], simulate: boolean): string {
  // only_upgrade, fixed and fail_on_autoremove are not supported yet: always their empty field.
  let cmd = [APT_GET, '-y', DPKG_OPTIONS, '', '', a.force ? '--force-yes' : '', a.autoremove ? '--auto-remove' : '', '', simulate ? '--simulate' : '', 'install', list.join(' ')].join(' ');
  if (a.install_recommends === false) cmd += ' -o APT::Install-Recommends=no';
  else if (a.install_recommends === true) cmd += ' -o APT::Install-Recommends=yes';
  if (a.allow_downgrade) cmd += ' --allow-downgrades';
  return cmd;
}

function removeCommand(a: AptArgs, list: string[], simulate: boolean): string {
  return [APT_GET, '-q', '-y', DPKG_OPTIONS, a.purge ? '--purge' : '', a.force ? '--force-yes' : '', a.autoremove ? '--auto-remove' : '', simulate ? '--simulate' : '', '', 'remove', list.join(' ')].join(' ');
}

/** parse_diff: apt-get's text from "Reading state information..." to the "N upgraded" line. */
function parseDiff(out: string): { prepared: string } {
  const lines = out.split(/\r?\n|\r/);
  if (lines.at(-1) === '') lines.pop();
  const start = lines.indexOf('Reading state information...') + 1;
  const endAt = lines.findIndex((l) => /^[0-9]+ (packages )?upgraded/.test(l));
  return { prepared: lines.slice(start, endAt < 0 ? lines.length : endAt + 1).join('\n') };
}

/** Runs an ansible-style command line as argv (ansible's run_command splits it with shlex, no shell). */
async function run(ctx: ModuleContext, cmd: string): Promise<{ rc: number; stdout: string; stderr: string }> {
  const argv = [...cmd.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return ctx.host.exec(['env', ...APT_ENV.split(' '), ...argv]);
}

/** installList, its "no candidate" failure carrying the cache keys as ansible's fail_json(**retvals) does. */
function decideInstall(a: AptArgs, specs: Spec[], st: AptState, cache: { cache_updated: boolean; cache_update_time: number }): string[] {
  try { return installList(specs, st, a.state === 'latest'); } catch (e) {
    if (e instanceof ModuleFailure && e.result['changed'] === false) throw new ModuleFailure(e.message, { ...cache });
    throw e;
  }
}

/** The apt-get transaction for the decided list (simulated in check mode), as ansible's result. */
async function transact(a: AptArgs, specs: Spec[], st: AptState, ctx: ModuleContext, cache: { cache_updated: boolean; cache_update_time: number }): Promise<ModuleResult> {
  const simulate = ctx.check;
  if (a.state === 'absent') {
    const list = removeList(specs, st, a.purge ?? false);
    if (list.length === 0) return { changed: false };
    const r = await run(ctx, removeCommand(a, list, simulate));
    if (r.rc !== 0) throw new ModuleFailure(`'apt-get remove ${list.join(' ')}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
    return { changed: true, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
  }
  const list = decideInstall(a, specs, st, cache);
  if (list.length === 0) return { changed: false, ...cache };
  const cmd = installCommand(a, list, simulate);
  const r = await run(ctx, cmd);
  if (r.rc !== 0) throw new ModuleFailure(`'${cmd}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc, ...cache });
  return { changed: true, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {}, ...cache };
}

/** ansible.builtin.apt through apt-get (no python-apt on the target): see README's apt row for what is refused. */
export default defineModule<AptArgs, Actions>({
  name: 'ansible.builtin.apt',
  aliases: ['apt'],
  doc: { short: 'Manages apt-packages', description: 'Reads dpkg and apt state once per task, then runs one apt-get transaction (apt-get --simulate in check mode).' },
  args: {
    type: 'object',
    additionalProperties: false,
    'x-required-one-of': [['autoremove', 'deb', 'package', 'update_cache', 'upgrade']],
    'x-mutually-exclusive': [['deb', 'package', 'upgrade']],
    properties: {
      package: { type: 'array', items: { type: 'string' }, 'x-aliases': ['pkg', 'name'], description: 'A list of package names, like foo, or package specifier with version, like foo=1.0.' },
      state: { type: 'string', enum: ['present', 'absent', 'latest'], default: 'present', description: 'Indicates the desired package state (build-dep and fixed are not supported yet).' },
      update_cache: { type: 'boolean', 'x-aliases': ['update-cache'], description: 'Run the equivalent of apt-get update before the operation.' },
      cache_valid_time: { type: 'integer', default: 0, description: 'Update the apt cache if it is older than the cache_valid_time (seconds).' },
      install_recommends: { type: 'boolean', 'x-aliases': ['install-recommends'], description: 'Corresponds to --no-install-recommends (false) or forcing recommends (true); unset uses the OS default.' },
      purge: { type: 'boolean', default: false, description: 'Will force purging of configuration files if state=absent or autoremove=yes.' },
      autoremove: { type: 'boolean', default: false, description: 'Remove unused dependency packages (with name: passed as --auto-remove).' },
      force: { type: 'boolean', default: false, description: 'Corresponds to --force-yes.' },
      allow_downgrade: { type: 'boolean', default: false, 'x-aliases': ['allow-downgrade', 'allow_downgrades', 'allow-downgrades'], description: 'Corresponds to --allow-downgrades.' },
      deb: { type: 'string', ...unsupported('installing a .deb file') },
      upgrade: { type: 'string', ...unsupported('upgrade') },
      default_release: { type: 'string', 'x-aliases': ['default-release'], ...unsupported('default_release') },
      dpkg_options: { type: 'string', ...unsupported('dpkg_options (the default force-confdef,force-confold is used)') },
      update_cache_retries: { type: 'integer', ...unsupported('update_cache_retries') },
      update_cache_retry_max_delay: { type: 'integer', ...unsupported('update_cache_retry_max_delay') },
      autoclean: { type: 'boolean', ...unsupported('autoclean') },
      clean: { type: 'boolean', ...unsupported('clean') },
      fail_on_autoremove: { type: 'boolean', ...unsupported('fail_on_autoremove') },
      policy_rc_d: { type: 'integer', ...unsupported('policy_rc_d') },
      only_upgrade: { type: 'boolean', ...unsupported('only_upgrade') },
      force_apt_get: { type: 'boolean', ...unsupported('force_apt_get (pgplay always uses apt-get)') },
      allow_unauthenticated: { type: 'boolean', 'x-aliases': ['allow-unauthenticated'], ...unsupported('allow_unauthenticated') },
      allow_change_held_packages: { type: 'boolean', ...unsupported('allow_change_held_packages') },
      lock_timeout: { type: 'integer', ...unsupported('lock_timeout') },
    },
  },
  returns: {
    cache_updated: { description: 'if the cache was updated or not', returned: 'success, in some cases', type: 'bool' },
    cache_update_time: { description: 'time of the last cache update (0 if unknown)', returned: 'success, in some cases', type: 'int' },
    stdout: { description: 'output from apt', returned: 'success, when needed', type: 'str' },
    stderr: { description: 'error output from apt', returned: 'success, when needed', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  async plan(a, ctx) {
    const specs = (a.package ?? []).map(parseSpec);
    if (specs.length === 0 && a.autoremove) throw new ModuleFailure('pgplay\'s apt does not support autoremove without name yet');
    const names = specs.map((s) => s.name);
    const st = await readAptState(ctx.host, names);
    const needUpdate = (a.update_cache === true || (a.cache_valid_time ?? 0) > 0) && !(st.cacheTime + (a.cache_valid_time ?? 0) >= st.now);
    const cache = { cache_updated: needUpdate && ctx.check, cache_update_time: st.cacheTime };
    const marks = !ctx.check && a.state !== 'absent' && names.length > 0 && (await ctx.host.exec(sh`apt-mark showauto ${names}`)).stdout.trim() !== '';
    const actions = { args: a, specs, needUpdate, marks };
    if (specs.length === 0) return { changed: needUpdate, actions, result: { changed: needUpdate, ...cache } };
    if (!ctx.check) {
      // Outside check mode the transaction is decided again in apply (after any cache update).
      // A cache that needs updating first may not list the packages yet (a fresh host's empty
      // lists): judging them now would fail where ansible updates and then installs.
      if (needUpdate) return { changed: true, actions, result: a.state === 'absent' ? {} : { ...cache } };
      const work = a.state === 'absent' ? removeList(specs, st, a.purge ?? false).length > 0 : decideInstall(a, specs, st, cache).length > 0;
      // What a run with nothing to do reports: remove() exits bare, install() with the cache keys.
      return { changed: needUpdate || work || marks, actions, result: a.state === 'absent' ? {} : { ...cache } };
    }
    const result = await transact(a, specs, st, ctx, cache);
    return { changed: result.changed === true || needUpdate, actions, result };
  },
  async apply(plan, ctx) {
    const { args: a, specs, needUpdate } = plan.actions!;
    const names = specs.map((s) => s.name);
    let st = await readAptState(ctx.host, names);
    const before = st.cacheTime;
    if (needUpdate) {
      const r = await run(ctx, `${APT_GET} update`);
      if (r.rc !== 0) throw new ModuleFailure(`Failed to update apt cache: ${r.stderr.trim() || 'unknown reason'}`);
      st = await readAptState(ctx.host, names);
    }
    const cache = { cache_updated: needUpdate && st.cacheTime !== before, cache_update_time: st.cacheTime };
    if (specs.length === 0) return { changed: cache.cache_updated, ...cache };
    const result = await transact(a, specs, st, ctx, cache);
    if (a.state !== 'absent') {
      const r = await ctx.host.exec(sh`apt-mark manual ${names}`);
      if (r.rc !== 0) throw new ModuleFailure(`'/usr/bin/apt-mark manual ${names.join(' ')}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
    }
    return result;
  },
});
