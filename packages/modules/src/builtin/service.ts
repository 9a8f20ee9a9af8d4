import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { applySystemd, planSystemd, type SystemdActions } from './systemd-service.js';
import type { SystemdArgs } from './systemd/run-systemd.js';

interface ServiceArgs {
  name: string;
  state?: SystemdArgs['state'];
  enabled?: boolean;
  sleep?: number;
  pattern?: string;
  runlevel?: string;
  arguments?: string;
  use?: string;
}

/** What ansible's service action drops, with a warning, before it hands the task to the systemd module. */
const UNUSED_BY_SYSTEMD = ['pattern', 'runlevel', 'sleep', 'arguments'] as const;

/** The host runs systemd: what ansible's service_mgr fact says on Linux, checked in the module's own probe round trip. */
const SYSTEMD_HOST = sh`test "$(cat /proc/1/comm 2>/dev/null)" = systemd || test -d /run/systemd/system/ || test -d /dev/.run/systemd/ || test -d /dev/.systemd/`;

/**
 * ansible.builtin.service: ansible's action finds the service manager (the service_mgr fact) and
 * runs that manager's module. On systemd hosts that is systemd_service with name, state and enabled;
 * pgplay supports no other service manager yet and says so.
 */
export default defineModule<ServiceArgs, SystemdActions>({
  name: 'ansible.builtin.service',
  aliases: ['service'],
  doc: { short: 'Manage services', description: 'Controls services on remote hosts through their service manager (systemd; others are not supported by pgplay yet).' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the service.' },
      state: { type: 'string', enum: ['reloaded', 'restarted', 'started', 'stopped'], description: 'started/stopped are idempotent; restarted always bounces the service; reloaded always reloads.' },
      enabled: { type: 'boolean', description: 'Whether the service should start on boot.' },
      sleep: { type: 'integer', description: 'Seconds between stop and start when restarting (not used with systemd: ignored with a warning, as ansible does).' },
      pattern: { type: 'string', description: 'A pattern to look for in ps output when the service has no status (not used with systemd: ignored with a warning).' },
      runlevel: { type: 'string', description: 'For OpenRC init scripts: the runlevel (not used with systemd: ignored with a warning).' },
      arguments: { type: 'string', 'x-aliases': ['args'], description: 'Additional arguments on the command line (not used with systemd: ignored with a warning).' },
      use: { type: 'string', default: 'auto', description: 'The service module to use: auto (the host\'s service manager) or systemd.' },
    },
  },
  returns: { status: { description: 'systemd: the key=value pairs of `systemctl show`.', returned: 'on systemd hosts', type: 'dict' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const use = (a.use ?? 'auto').toLowerCase();
    if (use !== 'auto' && use !== 'systemd') throw new ModuleFailure(`pgplay's service supports only the systemd service manager yet, not ${use}`);
    const warnings = UNUSED_BY_SYSTEMD.filter((k) => a[k] !== undefined).map((k) => `Ignoring "${k}" as it is not used in "systemd"`);
    const args: SystemdArgs = { name: a.name, state: a.state ?? null, enabled: a.enabled ?? null, daemon_reload: false, daemon_reexec: false, scope: 'system', no_block: false };
    const plan = await planSystemd(args, ctx, use === 'auto' ? [SYSTEMD_HOST] : [], ([mgr]) => {
      if (mgr && mgr.rc !== 0) throw new ModuleFailure('pgplay\'s service supports only hosts managed by systemd yet: this host\'s service manager is not systemd');
    });
    // ansible's action prints these itself: they are not part of the result.
    for (const w of warnings) ctx.log.warn(w);
    return plan;
  },
  apply: applySystemd,
});
