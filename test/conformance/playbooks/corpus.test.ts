/**
 * Keeps the corpus honest without running it: the keyword map covers issue 2's list with
 * existing cases, every case is mapped, every play says gather_facts: false (facts- cases gather
 * through a setup filter instead), and every
 * registered value is shown by a debug task (so registered values are compared as text too).
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caseNames, listCases, type CaseSpec } from './harness/cases.js';
import { playbooksDir, requireOracle } from './harness/paths.js';
import { readYaml, readYamlFiles } from './harness/yaml-meta.js';

type Dict = Record<string, unknown>;

function tasksOf(play: Dict): Dict[] {
  return ['pre_tasks', 'tasks', 'post_tasks'].flatMap((k) => (Array.isArray(play[k]) ? (play[k] as Dict[]) : []));
}

function debugText(task: Dict): string {
  const d = task['debug'] ?? task['ansible.builtin.debug'] ?? task['ansible.legacy.debug'];
  return d === undefined ? '' : JSON.stringify(d) + JSON.stringify(task['args'] ?? '');
}

describe('conformance: playbook corpus and keyword map', function () {
  let cases: CaseSpec[] = [];
  let names = new Set<string>();
  let map: Record<string, unknown> = {};
  let books = new Map<string, unknown>();
  before(function () {
    requireOracle(); // the YAML is read with the oracle's PyYAML
    cases = listCases();
    names = new Set(cases.map((c) => c.name));
    map = readYaml(join(playbooksDir, 'keywords.yaml')) as Record<string, unknown>;
    books = readYamlFiles(cases.map((c) => join(c.dir, 'playbook.yml')));
  });

  it('has at least 45 cases', function () {
    assert.ok(cases.length >= 45, `only ${cases.length} cases`);
  });

  it('maps every listed keyword to existing cases (or a reason to skip)', function () {
    const problems: string[] = [];
    for (const [kw, v] of Object.entries(map)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Dict)['skip'] === 'string') continue;
      if (!Array.isArray(v) || v.length === 0) problems.push(`${kw}: no case`);
      else for (const c of v) if (!names.has(String(c))) problems.push(`${kw}: case ${String(c)} does not exist`);
    }
    assert.deepEqual(problems, []);
  });

  it('names every case in the keyword map', function () {
    const mapped = new Set(Object.values(map).flatMap((v) => (Array.isArray(v) ? v.map(String) : [])));
    assert.deepEqual(cases.filter((c) => !mapped.has(c.name)).map((c) => c.name), []);
  });

  for (const name of caseNames()) {
    it(`case ${name} is well-formed`, function () {
      const c = cases.find((x) => x.name === name)!;
      for (const inv of c.inventories) assert.ok(existsSync(join(c.dir, inv)), `missing inventory ${inv}`);
      // A case whose inventory a task rewrites keeps it in its work dir and names it in args.
      assert.ok(c.inventories.length > 0 || c.args.includes('-i'), 'no inventory');
      const plays = books.get(join(c.dir, 'playbook.yml'));
      assert.ok(Array.isArray(plays) && plays.length > 0, 'playbook.yml is not a list of plays');
      for (const play of plays as Dict[]) {
        // An import_playbook entry is not a play; the imported file's plays say it themselves.
        if ('import_playbook' in play || 'ansible.builtin.import_playbook' in play) continue;
        if (name.startsWith('facts-')) {
          // Fact cases gather, but only facts that two runs agree on: a setup filter is required.
          const md = play['module_defaults'] as Dict | undefined;
          const filter = md && ((md['setup'] ?? md['ansible.builtin.setup'] ?? md['gather_facts']) as Dict | undefined)?.['filter'];
          if (play['gather_facts'] !== false) assert.ok(filter, `play ${String(play['name'] ?? play['hosts'])}: a facts- case that gathers needs module_defaults setup filter`);
        } else assert.equal(play['gather_facts'], false, `play ${String(play['name'] ?? play['hosts'])}: gather_facts must be false`);
        const tasks = tasksOf(play);
        const shown = tasks.map(debugText).join('\n');
        for (const t of tasks) {
          const reg = t['register'];
          if (typeof reg === 'string') assert.ok(new RegExp(`\\b${reg}\\b`).test(shown), `register ${reg} is never shown by a debug task`);
        }
      }
    });
  }
});
