// Shared by the service and system module suites: one 2-host lab per suite, ansible-playbook on h1
// and pgplay on h2 (both named h1 in their inventories), every event compared after the
// conformance harness's normalisation, and probes whose output must be equal on both hosts.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useLab, useLabTemplate, type Lab } from '../../harness/lab/index.js';
import { compareEvents } from '../../conformance/playbooks/harness/compare-events.js';
import { requireOracle } from '../../conformance/playbooks/harness/paths.js';
import { workDir } from '../ssh/support.js';
import { runSideEvents, type Event } from '../ssh/event-diff.js';

export type Stats = { changed: number; ok: number; failed: number; ignored?: number; skipped?: number };

export const play = (tasks: string, head = ''): string => `- hosts: h1\n  gather_facts: false\n${head}  tasks:${tasks}\n`;

/** Play-level lines that log in as the sudoer and become root (ansible_user as a play var beats the inventory's). */
export const AS_SUDOER = '  become: true\n  vars: {ansible_user: sudoer}\n';

export interface Differential {
  lab: () => Lab;
  /** Runs the playbook text with both tools; fails the test unless every event and the exit code agree. */
  both(text: string, args?: string[]): Promise<{ code: number | null; stats: Stats | undefined; events: Event[] }>;
  /** Runs a root command on both hosts; fails unless the outputs are equal; returns it. */
  probe(cmd: string): Promise<string>;
}

// Keys of `systemctl show` (systemd's and service's `status`) whose values differ between two hosts
// or two runs: timestamps, PIDs, invocation and cgroup ids, and the unit lists (After, Requires,
// WantedBy …), which come in systemd's hash order.
const VOLATILE_KEY = /Timestamp|PID$|^InvocationID$|^ControlGroupId$|^(After|Before|Requires|Requisite|Wants|BindsTo|PartOf|Upholds|RequiredBy|RequisiteOf|WantedBy|BoundBy|UpheldBy|ConsistsOf|Conflicts|ConflictedBy|OnFailure|OnSuccess|Triggers|TriggeredBy|PropagatesReloadTo|ReloadPropagatedFrom|JoinsNamespaceOf|RequiresMountsFor)$|^Memory|^CPUUsage|^Tasks|^IO(Read|Write)|^IP(Ingress|Egress)|^Exec(Start|Reload|Stop|Condition)/;

/** Call inside `describe`. `volatileKeys`: more result keys whose values are timing (masked, still required on both sides). */
export function useDifferential(suite: string, volatileKeys: readonly string[] = []): Differential {
  useLabTemplate();
  const lab = useLab({ suite, hosts: 2 });
  let dir = '';
  let volatile: ReadonlySet<string> | undefined;
  before(async () => {
    requireOracle();
    dir = workDir(suite);
    // Every property systemctl knows (--all: also the ones empty now, which a later task may fill).
    const keys = (await lab().exec('h1', 'systemctl show --all ssh | cut -d= -f1')).stdout.split('\n');
    volatile = new Set([...keys.filter((k) => VOLATILE_KEY.test(k)), ...volatileKeys]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    lab,
    async both(text, args = []) {
      const caseDir = join(dir, Math.random().toString(36).slice(2));
      mkdirSync(caseDir);
      writeFileSync(join(caseDir, 'playbook.yml'), text);
      const opts = { args, volatile };
      const [a, p] = await Promise.all([
        runSideEvents('ansible', caseDir, suite, lab(), ['h1'], opts),
        runSideEvents('pgplay', caseDir, suite, lab(), ['h2'], opts),
      ]);
      const problems = compareEvents(a.events, p.events);
      assert.deepEqual(problems, [], problems.join('\n'));
      assert.equal(p.proc.exitCode, a.proc.exitCode, `exit codes: ansible ${a.proc.exitCode}, pgplay ${p.proc.exitCode}\n${a.proc.stdout}\n${p.proc.stdout}`);
      assert.ok(a.events.some((e) => e['kind'] === 'host-result'), 'the oracle recorded the run');
      const stats = (p.events.find((e) => e['kind'] === 'recap')?.['stats'] as Record<string, Stats> | undefined)?.['h1'];
      return { code: p.proc.exitCode, stats, events: p.events };
    },
    async probe(cmd) {
      const [a, p] = await Promise.all([lab().exec('h1', cmd), lab().exec('h2', cmd)]);
      assert.equal(p.stdout, a.stdout, `probed state (${cmd}): ansible host, then pgplay host`);
      return p.stdout;
    },
  };
}
