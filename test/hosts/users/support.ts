// Shared by the users and access suites: ansible-playbook runs a play on h1, pgplay the same play
// on h2 (fresh, identical lab hosts); the default-callback texts must be equal once host names,
// generated key material and temporary file names are made alike. Registered results are printed
// by the plays themselves (without `invocation`), and so is the probed state.
import assert from 'node:assert/strict';
import type { Lab } from '../../harness/lab/index.js';
import { runAnsible, runPgplay, type CliResult } from '../ssh/support.js';

/** A task printing registered results without ansible's `invocation`. */
export const SHOW = (names: string[]) => `
    - debug: {msg: "{{ [${names.join(', ')}] | map('dict2items') | map('rejectattr', 'key', 'eq', 'invocation') | map('items2dict') | list }}"}`;

/** A shell task whose output (the probed state) is printed; it never changes anything. */
export const PROBE = (script: string) => `
    - shell: |
${script.trim().split('\n').map((l) => `        ${l}`).join('\n')}
      register: probe
      changed_when: false
      check_mode: false
    - debug: {var: probe.stdout_lines}`;

export const play = (host: string, head: string, tasks: string) => `- hosts: ${host}
  gather_facts: false
${head}  tasks:${tasks}
`;

const KNOWN_LINE = /^(ok|changed|fatal|failed|skipping|included): |^(TASK|PLAY|RUNNING HANDLER) |^\[WARNING\]|^\.\.\.ignoring|^FAILED - RETRYING/;

/**
 * Host names alike, generated keys and fingerprints hidden, temp names alike, and ansible's
 * warnings (both wrap them at 79 columns, as ansible's Display does) joined back together.
 */
export function norm(out: string, host: string): string[] {
  const lines = out.split('\n').map((l) => l.split(host).join('hX')
    .replace(/SHA256:[A-Za-z0-9+/]+/g, 'SHA256:K').replace(/AAAA[0-9A-Za-z+/=]{40,}/g, 'KEY')
    .replace(/crontab[A-Za-z0-9_]{8}\b/g, 'crontabX'));
  const joined: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]!;
    if (l.startsWith('[WARNING]')) while (i + 1 < lines.length && lines[i + 1] !== '' && !KNOWN_LINE.test(lines[i + 1]!)) l += ` ${lines[++i]}`;
    if (!/^\[WARNING\]: Platform/.test(l)) joined.push(l);
  }
  return joined;
}

/** Runs `tasks` with ansible-playbook on h1 and pgplay on h2; asserts equal exit codes and text. */
export async function both(lab: Lab, dir: string, head: string, tasks: string, args: string[] = []): Promise<{ out: string[]; a: CliResult; p: CliResult }> {
  // pipelining: one SSH command per ansible task, so the suite spends less time waiting on ansible
  const [a, p] = await Promise.all([runAnsible(lab, dir, play('h1', head, tasks), args, { ANSIBLE_PIPELINING: 'True' }), runPgplay(lab, dir, play('h2', head, tasks), { args })]);
  assert.equal(p.code, a.code, `exit codes: ansible ${a.code}, pgplay ${p.code}\n${a.stdout}\n${a.stderr}\n---\n${p.stdout}\n${p.stderr}`);
  assert.deepEqual(norm(p.stdout, 'h2'), norm(a.stdout, 'h1'));
  return { out: norm(p.stdout, 'h2'), a, p };
}

export const recap = (out: string[], re: RegExp) => assert.ok(out.some((l) => re.test(l)), out.join('\n'));
