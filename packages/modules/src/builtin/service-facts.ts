import { defineModule, sh, type ExecResult, type ModuleResult } from '@pgplay/engine/module-api';
import { execBatch } from './util/exec-batch.js';

interface ServiceFact {
  name: string;
  state: string;
  status?: string;
  source: string;
}
type Services = Record<string, ServiceFact>;

// get_best_parsable_locale: the first of ansible's preferences that `locale -a` lists, else C.
const LOCALE = sh`L=C; for l in C.utf8 C.UTF-8 en_US.utf8 en_US.UTF-8 C POSIX; do if locale -a 2>/dev/null | grep -qx "$l"; then L=$l; break; fi; done; export LANG=$L LC_ALL=$L`;

// ansible's scanners, as far as they apply to Linux: `service --status-all` when there is a `service`
// and neither chkconfig nor rc-status; systemd's units when PID 1 is systemd.
const SYSV = sh`command -v service >/dev/null && ! command -v chkconfig >/dev/null && ! command -v rc-status >/dev/null || exit 99; service --status-all`;
const OTHER_TOOLS = sh`command -v initctl || command -v chkconfig || command -v rc-status`;
const SYSTEMD = sh`grep -q systemd /proc/1/comm && command -v systemctl`;
const UNITS = sh`systemctl list-units --no-pager --type service --all`;
const UNIT_FILES = sh`systemctl list-unit-files --no-pager --type service --all`;
const BAD_STATES = ['not-found', 'masked', 'failed'];

function sysvServices(r: ExecResult, services: Services, warnings: string[]): void {
  if (r.rc === 99) return;
  if (r.rc !== 0) warnings.push(`Unable to query 'service' tool (${r.rc}): ${r.stderr}`);
  for (const m of r.stdout.matchAll(/^[ \t\f\v\r]*\[ (\+|-) \][ \t\f\v\r]+(.+)$/gm)) {
    services[m[2]!] = { name: m[2]!, state: m[1] === '+' ? 'running' : 'stopped', source: 'sysv' };
  }
}

function fromUnits(r: ExecResult, services: Services, warnings: string[]): void {
  if (r.rc !== 0) return void warnings.push(`Could not list units from systemd: ${r.stderr}`);
  for (const line of r.stdout.split('\n').filter((l) => l.includes('.service'))) {
    let fields = line.split(/\s+/).filter((f) => f !== '');
    const bad = BAD_STATES.find((b) => fields.includes(b));
    let status: string;
    if (bad) {
      status = bad;
      fields = fields.slice(1);
    } else status = fields[2]!;
    services[fields[0]!] = { name: fields[0]!, state: fields[3] === 'running' ? 'running' : 'stopped', status, source: 'systemd' };
  }
}

/** list-unit-files: the units list-units did not show yet (their ActiveState asked for in one more round trip), and the final status. */
function unitFiles(r: ExecResult, services: Services, warnings: string[]): Array<[string, string]> {
  if (r.rc !== 0) {
    warnings.push(`Could not get unit files data from systemd: ${r.stderr}`);
    return [];
  }
  return r.stdout.split('\n').filter((l) => l.includes('.service')).map((line) => {
    const [name = '', status = ''] = line.split(/\s+/).filter((f) => f !== '');
    return [name, status];
  });
}

/** ansible.builtin.service_facts on Linux: sysv scripts and systemd units, in two round trips. */
export default defineModule<Record<string, never>, never>({
  name: 'ansible.builtin.service_facts',
  aliases: ['service_facts'],
  doc: { short: 'Return service state information as fact data', description: 'Services known to `service --status-all` and to systemd, as ansible_facts.services.' },
  args: { type: 'object', additionalProperties: false, properties: {} },
  returns: { ansible_facts: { description: 'services: name → {name, state, status, source}.', returned: 'always', type: 'complex' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(_a, ctx) {
    const services: Services = {};
    const warnings: string[] = [];
    const [sysv, other, systemd, units, files] = await execBatch(ctx.host, [SYSV, OTHER_TOOLS, SYSTEMD, UNITS, UNIT_FILES], LOCALE);
    if (other!.rc === 0) warnings.push(`pgplay's service_facts reads only service --status-all and systemd: ${other!.stdout.trim()} is not read`);
    sysvServices(sysv!, services, warnings);
    if (systemd!.rc === 0) {
      fromUnits(units!, services, warnings);
      const listed = unitFiles(files!, services, warnings);
      const unseen = listed.filter(([n]) => !(n in services)).map(([n]) => n);
      const shows = await execBatch(ctx.host, unseen.map((n) => sh`systemctl show ${n} --property=ActiveState`), LOCALE);
      const state = new Map(unseen.map((n, i) => [n, shows[i]!]));
      for (const [name, status] of listed) {
        const s = state.get(name);
        if (s && !(name in services)) {
          services[name] = { name, state: s.rc === 0 && s.stdout !== '' ? s.stdout.replace('ActiveState=', '').trimEnd() : 'unknown', status, source: 'systemd' };
        } else if (!BAD_STATES.includes(services[name]!.status ?? '')) services[name]!.status = status;
      }
    }
    const result: ModuleResult = Object.keys(services).length === 0
      ? { skipped: true, msg: 'Failed to find any services. This can be due to privileges or some other configuration issue.' }
      : { ansible_facts: { services } };
    if (warnings.length) result.warnings = warnings;
    return { changed: false, result };
  },
  apply: () => Promise.reject(new Error('service_facts changes nothing')),
});
