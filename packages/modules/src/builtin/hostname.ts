import { defineModule, sh, ModuleFailure, type ExecResult, type ModuleResult } from '@pgplay/engine/module-api';
import { execBatch } from './util/exec-batch.js';

interface HostnameArgs {
  name: string;
  use?: string | null;
}

interface HostnameActions {
  name: string;
  setPermanent: boolean;
  setCurrent: boolean;
  before: string;
}

const STRATEGIES = ['alpine', 'debian', 'freebsd', 'generic', 'macos', 'macosx', 'darwin', 'openbsd', 'openrc', 'redhat', 'sles', 'solaris', 'systemd'];

/** ServiceMgrFactCollector.is_systemd_managed: systemctl on the PATH and one of systemd's run directories. */
const SYSTEMD_MANAGED = sh`command -v systemctl >/dev/null && { test -e /run/systemd/system/ || test -e /dev/.run/systemd/ || test -e /dev/.systemd/; }`;

/**
 * Python's socket.getfqdn() on the host: the canonical name or first dotted alias that the
 * address of gethostname() resolves back to, else the host name itself.
 */
const FQDN = sh`n=$(hostname); a=$(getent ahosts "$n" 2>/dev/null | awk 'NR==1{print $1}'); if [ -n "$a" ] && l=$(getent hosts "$a"); then set -- $l; shift; c=$1; for x in "$@"; do case $x in *.*) c=$x; break;; esac; done; echo "$c"; else echo "$n"; fi`;

const fail = (r: ExecResult): ModuleFailure => new ModuleFailure(`Command failed rc=${r.rc}, out=${r.stdout}, err=${r.stderr}`);

function facts(name: string, fqdn: string): Record<string, unknown> {
  return { ansible_hostname: name.split('.')[0], ansible_nodename: name, ansible_fqdn: fqdn, ansible_domain: fqdn.split('.').slice(1).join('.') };
}

/**
 * ansible.builtin.hostname with the systemd strategy (hostnamectl): what ansible uses on any
 * systemd host and for `use: systemd` or `use: debian`. Other strategies are refused as not
 * supported by pgplay yet.
 */
export default defineModule<HostnameArgs, HostnameActions>({
  name: 'ansible.builtin.hostname',
  aliases: ['hostname'],
  doc: { short: 'Manage hostname', description: 'Sets the static and transient host name with hostnamectl.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'Name of the host.' },
      use: { type: 'string', enum: STRATEGIES, description: 'Which strategy to use to update the hostname (pgplay: systemd and debian, which ansible maps to systemd).' },
    },
  },
  returns: { name: { description: 'The host name.', returned: 'always', type: 'str' } },
  capabilities: { check: 'full', diff: 'full' },
  async plan(a, ctx) {
    const use = a.use ?? null;
    if (use !== null && use !== 'systemd' && use !== 'debian') throw new ModuleFailure(`hostname with use=${use} is not supported by pgplay yet (only systemd and debian)`);
    const [managed, current, permanent, fqdn] = await execBatch(ctx.host, [SYSTEMD_MANAGED, sh`hostnamectl --transient status`, sh`hostnamectl --static status`, FQDN]);
    if (use === null && managed!.rc !== 0) throw new ModuleFailure('hostname on hosts not managed by systemd is not supported by pgplay yet');
    if (current!.rc !== 0) throw fail(current!);
    if (permanent!.rc !== 0) throw fail(permanent!);
    const cur = current!.stdout.trim();
    const perm = permanent!.stdout.trim();
    const setPermanent = perm !== a.name;
    const setCurrent = cur !== a.name;
    const changed = setPermanent || setCurrent;
    const before = a.name !== cur ? cur : perm;
    const result: ModuleResult = { changed, name: a.name, ansible_facts: facts(a.name, fqdn!.stdout.trim()) };
    if (changed) result.diff = { after: `hostname = ${a.name}\n`, before: `hostname = ${before}\n` };
    return { changed, result, actions: { name: a.name, setPermanent, setCurrent, before } };
  },
  async apply(plan, ctx) {
    const x = plan.actions!;
    // Checked only when setting (so --check does not fail on it), as in ansible.
    if (x.name.length > 64) throw new ModuleFailure('name cannot be longer than 64 characters on systemd servers, try a shorter name');
    // Permanent first, as ansible's systemd strategy does (NetworkManager complains otherwise).
    const sets = [...(x.setPermanent ? [sh`hostnamectl --pretty --static set-hostname ${x.name}`] : []), ...(x.setCurrent ? [sh`hostnamectl --transient set-hostname ${x.name}`] : [])];
    const rs = await execBatch(ctx.host, [...sets, FQDN], sh``, { guarded: sets.length });
    const bad = rs.slice(0, sets.length).find((r) => r.rc !== 0);
    if (bad) throw fail(bad);
    return { changed: true, name: x.name, ansible_facts: facts(x.name, rs[sets.length]!.stdout.trim()), diff: { after: `hostname = ${x.name}\n`, before: `hostname = ${x.before}\n` } };
  },
});
