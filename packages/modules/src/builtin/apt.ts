import { defineModule, sh, ModuleFailure, type ModuleContext, type ModuleResult } from '@pgplay/engine/module-api';
import {
  APT_GET, APT_GET_ZERO, type AptArgs, cleanupCommand, DEFAULT_DPKG_OPTIONS, expandDpkgOptions, installCommand, parseDiff, removeCommand, run, upgradeCommand,
} from './apt/commands.js';
import { installDeb, markManual, type Mode } from './apt/deb.js';
import { expandSpecs, hasWildcard, installList, parseSpec, removeList, type Spec } from './apt/decide.js';
import { readAptState, type AptState, type PolicyNeed, type ReadOptions } from './apt/state.js';
import { updateCache } from './apt/update-cache.js';

interface Actions { args: AptArgs; needUpdate: boolean | undefined }
type Cache = { cache_updated: boolean; cache_update_time: number };

/** A step's outcome: its result, or (predicting outside check mode) 'apply' when it would change something. */
type Outcome = ModuleResult | 'apply';

/** The specs of `package` with wildcards expanded against every package name apt knows. */
async function specsOf(ctx: ModuleContext, packages: string[]): Promise<Spec[]> {
  const specs = packages.map(parseSpec);
  if (!specs.some(hasWildcard)) return specs;
  const r = await ctx.host.exec(sh`apt-cache pkgnames`);
  return expandSpecs(specs, r.stdout.split('\n').filter(Boolean).sort());
}

async function upgrade(a: AptArgs, ctx: ModuleContext, mode: Mode, how: string): Promise<Outcome> {
  if (!a.force_apt_get && (await ctx.host.exec(sh`command -v aptitude`)).rc === 0) {
    throw new ModuleFailure('pgplay\'s apt does not drive aptitude: set force_apt_get: true (pgplay always uses apt-get)');
  }
  const { cmd, op } = upgradeCommand(a, how, mode !== 'apply');
  const r = await run(ctx, cmd, mode === 'apply' ? a.policy_rc_d : undefined);
  if (r.rc !== 0) throw new ModuleFailure(`'${APT_GET} ${op}' failed: ${r.stderr}`, { stdout: r.stdout, rc: r.rc });
  if (r.stdout.includes(APT_GET_ZERO)) return { changed: false, msg: r.stdout, stdout: r.stdout, stderr: r.stderr };
  if (mode === 'predict') return 'apply';
  return { changed: true, msg: r.stdout, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
}

async function cleanup(a: AptArgs, ctx: ModuleContext, mode: Mode, operation: 'autoremove' | 'autoclean'): Promise<Outcome> {
  const r = await run(ctx, cleanupCommand(a, operation, mode !== 'apply'), mode === 'apply' ? a.policy_rc_d : undefined);
  if (r.rc !== 0) throw new ModuleFailure(`'apt-get ${operation}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
  const changed = r.stdout.includes(operation === 'autoremove' ? 'The following packages will be REMOVED' : 'Del ');
  if (changed && mode === 'predict') return 'apply';
  return { changed, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
}

async function install(a: AptArgs, ctx: ModuleContext, mode: Mode, specs: Spec[], st: AptState, cache: Cache): Promise<Outcome> {
  const state = a.state ?? 'present';
  let decided;
  try {
    decided = installList(specs, st, { upgrade: state === 'latest', onlyUpgrade: a.only_upgrade ?? false });
  } catch (e) {
    // The "no candidate" failure is data in ansible, returned with the cache keys.
    if (e instanceof ModuleFailure && e.result['changed'] === false) throw new ModuleFailure(e.message, { ...cache });
    throw e;
  }
  const { list, names } = decided;
  if (mode === 'predict') {
    if (list.length > 0) return 'apply';
    // Nothing to install, but ansible still marks the named packages manual: apply has work when
    // one of them is marked automatically installed (read with the state, ReadOptions.auto).
    return names.some((n) => st.auto.has(n)) ? 'apply' : { changed: false, ...cache };
  }
  let result: ModuleResult = { changed: false };
  if (list.length > 0) {
    const cmd = installCommand(a, {
      upgrade: state === 'latest', fixed: state === 'fixed', onlyUpgrade: a.only_upgrade, autoremove: a.autoremove, force: a.force,
      defaultRelease: a.default_release, dpkgOptions: expandDpkgOptions(a.dpkg_options ?? DEFAULT_DPKG_OPTIONS),
    }, list, mode === 'check');
    const r = await run(ctx, cmd, mode === 'apply' ? a.policy_rc_d : undefined);
    if (r.rc !== 0) throw new ModuleFailure(`'${cmd}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc, ...cache });
    result = { changed: true, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
  }
  if (mode === 'apply') await markManual(ctx, names);
  return { ...result, ...cache };
}

async function remove(a: AptArgs, ctx: ModuleContext, mode: Mode, specs: Spec[], st: AptState): Promise<Outcome> {
  const list = removeList(specs, st, a.purge ?? false);
  if (list.length === 0) return { changed: false };
  if (mode === 'predict') return 'apply';
  const r = await run(ctx, removeCommand(a, list, mode === 'check'), mode === 'apply' ? a.policy_rc_d : undefined);
  if (r.rc !== 0) throw new ModuleFailure(`'apt-get remove ${list.join(' ')}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
  return { changed: true, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
}

/**
 * What of apt's policy the task's decision needs (see PolicyNeed): plain names (no version, no
 * wildcard) are decided from dpkg alone when installing names already installed, or removing.
 */
function policyNeed(a: AptArgs, specs: Spec[]): PolicyNeed {
  if (a.upgrade !== undefined && a.upgrade !== 'no') return 'always';
  if (a.deb || specs.some((s) => s.cmp !== null || hasWildcard(s))) return 'always';
  const state = a.state ?? 'present';
  if (state === 'absent') return 'never';
  return state === 'latest' ? 'always' : 'unless-installed';
}

/**
 * ansible's main(), step for step: clean, cache update, upgrade, deb, `*` with latest, autoclean/
 * autoremove without names, then install or remove. `check` simulates everything as ansible's check
 * mode does; `predict` (plan outside check mode) stops at the first step that would change.
 */
async function flow(a: AptArgs, ctx: ModuleContext, mode: Mode, decided: { needUpdate?: boolean }): Promise<Outcome> {
  const unfiltered = a.package ?? [];
  const packages = unfiltered.filter((p) => p !== '*').map((p) => p.trim());
  const upgradeMode = a.upgrade === 'no' ? undefined : a.upgrade;
  if (a.clean) {
    // apt-get clean prints nothing: under --check pgplay predicts it without emptying the archive cache.
    let out = { rc: 0, stdout: '', stderr: '' };
    if (mode === 'predict') return 'apply';
    if (mode === 'apply') out = await run(ctx, ['apt-get', 'clean']);
    if (out.rc !== 0) throw new ModuleFailure('apt-get clean failed', { stdout: out.stdout, rc: out.rc });
    if (out.stderr) throw new ModuleFailure(`apt-get clean failed: ${out.stderr}`, { stdout: out.stdout, rc: out.rc });
    if (packages.length === 0 && unfiltered.length === 0 && !upgradeMode && !a.deb) {
      return { changed: true, msg: out.stdout, stdout: out.stdout, stderr: out.stderr, diff: ctx.diff ? parseDiff(out.stdout) : {} };
    }
  }
  const parsed = packages.map(parseSpec);
  const plain = parsed.filter((s) => !hasWildcard(s)).map((s) => s.name);
  const read: ReadOptions = { defaultRelease: a.default_release, policy: policyNeed(a, parsed), auto: mode === 'predict' };
  let st = await readAptState(ctx.host, plain, read);
  const before = st.cacheTime;
  let cache: Cache = { cache_updated: false, cache_update_time: before };
  // Decided once, in plan: apply updates when plan saw a stale cache.
  decided.needUpdate ??= (a.update_cache === true || (a.cache_valid_time ?? 0) > 0) && !(st.cacheTime + (a.cache_valid_time ?? 0) >= st.now);
  if (a.update_cache || a.cache_valid_time) {
    if (decided.needUpdate) {
      if (mode === 'predict') return 'apply';
      if (mode === 'apply') { await updateCache(ctx, { retries: a.update_cache_retries ?? 5, maxDelay: a.update_cache_retry_max_delay ?? 12, lockTimeout: a.lock_timeout ?? 60 }); st = await readAptState(ctx.host, plain, read); }
      cache = { cache_updated: mode === 'check' || st.cacheTime !== before, cache_update_time: st.cacheTime };
    }
    if (unfiltered.length === 0 && !upgradeMode && !a.deb) return { changed: cache.cache_updated, ...cache };
  }
  if (upgradeMode) return upgrade(a, ctx, mode, upgradeMode);
  if (a.deb) {
    if ((a.state ?? 'present') !== 'present') throw new ModuleFailure('deb only supports state=present');
    return installDeb(a, ctx, mode);
  }
  const state = a.state ?? 'present';
  if (state === 'latest' && unfiltered.includes('*')) {
    if (packages.length > 0) throw new ModuleFailure('unable to install additional packages when upgrading all installed packages');
    return upgrade(a, ctx, mode, 'yes');
  }
  for (const p of packages) if ((p.match(/=/g) ?? []).length > 1) throw new ModuleFailure(`invalid package spec: ${p}`);
  if (packages.length === 0) {
    if (a.autoclean) return cleanup(a, ctx, mode, 'autoclean');
    if (a.autoremove) return cleanup(a, ctx, mode, 'autoremove');
  }
  const specs = await specsOf(ctx, packages);
  if (specs.some((s) => !st.packages.has(s.name))) st = await readAptState(ctx.host, specs.map((s) => s.name), { ...read, policy: 'always' });
  return state === 'absent' ? remove(a, ctx, mode, specs, st) : install(a, ctx, mode, specs, st, cache);
}

/** ansible.builtin.apt through apt-get (no python-apt on the target): see README's apt row for what is refused. */
export default defineModule<AptArgs, Actions>({
  name: 'ansible.builtin.apt',
  aliases: ['apt'],
  doc: { short: 'Manages apt-packages', description: 'Reads dpkg and apt state once per task, then runs one apt-get transaction (apt-get --simulate in check mode).' },
  args: {
    type: 'object',
    additionalProperties: false,
    // apt.py's required_one_of names autoremove, whose default (false) counts as given: ansible
    // never enforces it, so neither does pgplay (`apt: {autoclean: true}` alone is valid).
    'x-mutually-exclusive': [['deb', 'package', 'upgrade']],
    properties: {
      package: { type: 'array', items: { type: 'string' }, 'x-aliases': ['pkg', 'name'], description: 'A list of package names, like foo, or package specifier with version, like foo=1.0, foo>=1.0 or wildcards like foo*.' },
      state: { type: 'string', enum: ['present', 'absent', 'latest', 'fixed'], default: 'present', description: 'Indicates the desired package state (fixed adds --fix-broken; build-dep is not supported: pgplay has no source package handling).' },
      update_cache: { type: 'boolean', 'x-aliases': ['update-cache'], description: 'Run the equivalent of apt-get update before the operation.' },
      update_cache_retries: { type: 'integer', default: 5, description: 'Amount of retries if the cache update fails.' },
      update_cache_retry_max_delay: { type: 'integer', default: 12, description: 'Use an exponential backoff delay for each retry (see update_cache_retries) up to this max delay in seconds.' },
      cache_valid_time: { type: 'integer', default: 0, description: 'Update the apt cache if it is older than the cache_valid_time (seconds).' },
      install_recommends: { type: 'boolean', 'x-aliases': ['install-recommends'], description: 'Corresponds to --no-install-recommends (false) or forcing recommends (true); unset uses the OS default.' },
      purge: { type: 'boolean', default: false, description: 'Will force purging of configuration files if state=absent or autoremove=yes.' },
      autoremove: { type: 'boolean', default: false, description: 'Remove unused dependency packages (with name: passed as --auto-remove; without: apt-get autoremove).' },
      autoclean: { type: 'boolean', default: false, description: 'If true, cleans the local repository of retrieved package files that can no longer be downloaded.' },
      clean: { type: 'boolean', default: false, description: 'Run the equivalent of apt-get clean to clear out the local repository of retrieved package files.' },
      force: { type: 'boolean', default: false, description: 'Corresponds to --force-yes.' },
      allow_downgrade: { type: 'boolean', default: false, 'x-aliases': ['allow-downgrade', 'allow_downgrades', 'allow-downgrades'], description: 'Corresponds to --allow-downgrades.' },
      allow_unauthenticated: { type: 'boolean', default: false, 'x-aliases': ['allow-unauthenticated'], description: 'Ignore if packages cannot be authenticated (--allow-unauthenticated).' },
      allow_change_held_packages: { type: 'boolean', default: false, description: 'Allows changing the version of a package which is on the apt hold list.' },
      fail_on_autoremove: { type: 'boolean', default: false, description: 'Corresponds to --no-remove: fail instead of removing packages.' },
      only_upgrade: { type: 'boolean', default: false, description: 'Only upgrade a package if it is already installed.' },
      default_release: { type: 'string', 'x-aliases': ['default-release'], description: 'Corresponds to the -t option for apt and sets pin priorities.' },
      dpkg_options: { type: 'string', default: DEFAULT_DPKG_OPTIONS, description: 'Add dpkg options to apt command, comma separated (e.g. force-confold,force-confdef).' },
      policy_rc_d: { type: 'integer', description: 'Force the exit code of /usr/sbin/policy-rc.d during the transaction (101 keeps services from starting).' },
      lock_timeout: { type: 'integer', default: 60, description: 'How many seconds to wait for apt\'s lock when updating the cache before failing.' },
      force_apt_get: { type: 'boolean', default: false, description: 'Force usage of apt-get instead of aptitude (pgplay always uses apt-get; with aptitude on the host, upgrade needs this set).' },
      upgrade: { type: 'string', enum: ['dist', 'full', 'no', 'safe', 'yes'], default: 'no', description: 'yes/safe: apt-get upgrade --with-new-pkgs; full/dist: apt-get dist-upgrade.' },
      deb: { type: 'string', description: 'Path to a .deb package on the remote machine, or a URL fetched on the remote machine; comma-separated paths for several.' },
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
    const decided: { needUpdate?: boolean } = {};
    const out = await flow(a, ctx, ctx.check ? 'check' : 'predict', decided);
    const actions = { args: a, needUpdate: decided.needUpdate };
    if (out === 'apply') return { changed: true, actions };
    return { changed: out.changed === true, actions, result: out };
  },
  async apply(plan, ctx) {
    const { args, needUpdate } = plan.actions!;
    const out = await flow(args, ctx, 'apply', needUpdate === undefined ? {} : { needUpdate });
    return out as ModuleResult;
  },
});
