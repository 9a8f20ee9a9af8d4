import { defineModule, ModuleFailure, sh, type JSONSchema, type ModuleContext, type ModuleResult, type Plan, type ShellCommand, type ExecResult } from '@pgplay/engine/module-api';
import { CommandIo, type Fetched } from './systemd/io.js';
import { daemonCommands, probeCommands, runSystemd, systemctlBase, SYSTEMD_PRELUDE, type SystemdArgs } from './systemd/run-systemd.js';

export interface SystemdActions {
  args: SystemdArgs;
  /** The plan's probe results: apply starts from the state the plan saw. */
  probes: Fetched;
  /** The actions the plan predicted (daemon-reload first), sent to the host in one round trip. */
  predicted: ShellCommand[];
}

export const systemdArgs: JSONSchema = {
  type: 'object',
  additionalProperties: false,
  'x-required-by': { state: ['name'], enabled: ['name'], masked: ['name'] },
  properties: {
    name: { type: 'string', 'x-aliases': ['service', 'unit'], description: 'Name of the unit (.service is assumed when no suffix is given).' },
    state: { type: 'string', enum: ['reloaded', 'restarted', 'started', 'stopped'], description: 'started/stopped are idempotent; restarted always bounces the unit; reloaded always reloads (and starts a stopped unit).' },
    enabled: { type: 'boolean', description: 'Whether the unit should start on boot.' },
    force: { type: 'boolean', description: 'Whether to override existing symlinks (systemctl --force).' },
    masked: { type: 'boolean', description: 'Whether the unit should be masked or not.' },
    daemon_reload: { type: 'boolean', default: false, 'x-aliases': ['daemon-reload'], description: 'Run daemon-reload before doing any other operations.' },
    daemon_reexec: { type: 'boolean', default: false, 'x-aliases': ['daemon-reexec'], description: 'Run daemon_reexec command before doing any other operations.' },
    scope: { type: 'string', enum: ['system', 'user', 'global'], default: 'system', description: 'Run systemctl within the system manager (default), the user manager or for all users (global).' },
    no_block: { type: 'boolean', default: false, description: 'Do not wait for the job to complete (systemctl --no-block).' },
  },
};

/** Predicted actions that may go out together: after a (un)mask the module reads is-enabled again, so the enable decision waits for it. */
function sendable(a: SystemdArgs, acts: readonly ShellCommand[]): ShellCommand[] {
  if (a.enabled === undefined || a.enabled === null || !a.name) return [...acts];
  const sc = systemctlBase(a);
  const masks = new Set([sh`${sc} mask ${a.name}`.text, sh`${sc} unmask ${a.name}`.text]);
  const i = acts.findIndex((c) => masks.has(c.text));
  return i === -1 ? [...acts] : acts.slice(0, i + 1);
}

/** `first`: read-only commands a caller needs in the same round trip (service's manager check), handed to `seen` before anything else. */
export async function planSystemd(a: SystemdArgs, ctx: ModuleContext, first: ShellCommand[] = [], seen: (r: ExecResult[]) => void = () => {}): Promise<Plan<SystemdActions>> {
  const io = new CommandIo(ctx.host, SYSTEMD_PRELUDE);
  const fetched = await io.prefetch([...first, ...probeCommands(a)]);
  seen(fetched.slice(0, first.length).map(([, r]) => r));
  const probes = fetched.slice(first.length);
  const applyUnchanged = a.daemon_reload === true || a.daemon_reexec === true;
  try {
    const result = await runSystemd(a, io, true);
    return { changed: result.changed === true, result, actions: { args: a, probes, predicted: io.wanted }, applyUnchanged };
  } catch (e) {
    // A failure that comes after an action (a mask, a daemon-reload) fails only after that action ran: apply repeats it.
    if (ctx.check || !(e instanceof ModuleFailure) || io.wanted.length === 0) throw e;
    return { changed: true, actions: { args: a, probes, predicted: io.wanted }, applyUnchanged: true };
  }
}

export async function applySystemd(plan: Plan<SystemdActions>, ctx: ModuleContext): Promise<ModuleResult> {
  const { args: a, probes, predicted } = plan.actions!;
  const io = new CommandIo(ctx.host, SYSTEMD_PRELUDE);
  const daemon = daemonCommands(a);
  let acts = predicted.slice(daemon.length);
  if (daemon.length > 0) {
    // daemon-reload first, then the probes see the reloaded units, and the actions are predicted again from them.
    const reloaded = await io.prefetchActions(daemon, probeCommands(a));
    acts = [];
    if (!reloaded.failed) {
      const predictor = new CommandIo(ctx.host, SYSTEMD_PRELUDE);
      predictor.seedProbes(reloaded.after);
      await runSystemd({ ...a, daemon_reload: false, daemon_reexec: false }, predictor, true).catch(() => undefined);
      acts = predictor.wanted;
    }
  } else io.seedProbes(probes);
  await io.prefetchActions(sendable(a, acts));
  return runSystemd(a, io, false);
}

/** ansible.builtin.systemd_service (systemd): the port of the module, its probes and actions batched. */
export default defineModule<SystemdArgs, SystemdActions>({
  name: 'ansible.builtin.systemd_service',
  aliases: ['systemd_service', 'ansible.builtin.systemd', 'systemd'],
  doc: { short: 'Manage systemd units', description: 'Controls systemd units (services, timers, and so on) on remote hosts.' },
  args: systemdArgs,
  returns: {
    status: { description: 'A dictionary with the key=value pairs returned from `systemctl show`.', returned: 'success', type: 'dict' },
  },
  capabilities: { check: 'full', diff: 'none' },
  plan: planSystemd,
  apply: applySystemd,
});
