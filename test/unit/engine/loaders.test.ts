// The loader API the executor's dynamic includes use (loadTaskFile, loadRoleBlocks) and tag selection.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePlaybook, loadTaskFile, loadRoleBlocks, selectedByTags, ActionTable, ENGINE_ACTIONS, type Diagnostic, type Block, type Task } from '@pgplay/engine';
import { registry } from '@pgplay/modules';

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function tasks(b: Block): Task[] {
  return [...b.block, ...b.rescue, ...b.always].flatMap((t) => (t.kind === 'task' ? [t] : tasks(t)));
}

describe('load/loaders: task files and roles for dynamic includes', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-loaders-'));
    write(dir, {
      'playbook.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=x\n',
      'inc/a.yml': '- name: a1\n  debug: msg=a\n- import_tasks: b.yml\n',
      'inc/b.yml': '- name: b1\n  debug: msg=b\n',
      'roles/r/tasks/main.yml': '- name: r main\n  debug: msg=r\n',
      'roles/r/tasks/other.yml': '- name: r other\n  debug: msg=o\n',
      'roles/r/handlers/main.yml': '- name: r handler\n  debug: msg=h\n',
      'roles/r/defaults/main.yml': 'rd: 1\n',
      'roles/r/meta/main.yml': 'dependencies: [d]\n',
      'roles/d/tasks/main.yml': '- name: d main\n  debug: msg=d\n',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function setup() {
    const p = preparePlaybook(join(dir, 'playbook.yml'), registry);
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
    const play = p.playbook!.plays[0]!;
    const diags: Diagnostic[] = [];
    const parent: Block = { kind: 'block', block: [], rescue: [], always: [], keywords: {}, pos: play.pos, implicit: true, parent: play.tasks };
    const actions = new ActionTable(registry.modules, ENGINE_ACTIONS);
    return { play, diags, parent, input: { env: play.loadEnv!, resolve: actions.resolve, report: (d: Diagnostic) => diags.push(d), parent, at: play.pos } };
  }

  it('loads a task file relative to the playbook, resolving its imports beside it', () => {
    const { input, diags, parent } = setup();
    const list = loadTaskFile({ ...input, file: 'inc/a.yml' });
    assert.deepEqual(diags, []);
    parent.block = list!;
    assert.deepEqual(tasks(parent).map((t) => t.keywords.name), ['a1', 'b1']);
  });

  it('reports a missing task file at the include position', () => {
    const { input, diags } = setup();
    assert.equal(loadTaskFile({ ...input, file: 'inc/nope.yml' }), undefined);
    assert.equal(diags[0]?.code, 'file-not-found');
  });

  it('loads a role with tasks_from, its dependency first, and its handlers', () => {
    const { input, diags, play } = setup();
    const r = loadRoleBlocks({ ...input, name: 'r', options: { fromFiles: { tasks: 'other' }, fromInclude: true, static: false } });
    assert.deepEqual(diags, []);
    assert.ok(r);
    assert.equal(r.role.name, 'r');
    assert.equal(r.role.public, false, 'include_role is private by default');
    assert.deepEqual(r.role.defaults, { rd: 1 });
    assert.deepEqual(tasks(r.block).map((t) => t.keywords.name), ['d main', 'r other']);
    assert.deepEqual(r.handlers.flatMap(tasks).map((t) => [t.keywords.name, t.handler]), [['r handler', true]]);
    assert.ok(play.roles!.includes(r.role));
  });

  it('reports a role that is not found, with the searched paths', () => {
    const { input, diags } = setup();
    assert.equal(loadRoleBlocks({ ...input, name: 'missing' }), undefined);
    assert.equal(diags[0]?.code, 'role-not-found');
    assert.match(diags[0]!.message, new RegExp(`${join(dir, 'roles')}:`));
  });
});

describe('exec/tags: Taggable.evaluate_tags', () => {
  const cases: [string[], string[], string[], boolean][] = [
    [[], [], [], true],
    [['never'], [], [], false],
    [['never', 'a'], ['a'], [], true],
    [['always'], ['x'], [], true],
    [['always'], [], ['all'], true],
    [['always'], [], ['always'], false],
    [['a'], ['tagged'], [], true],
    [[], ['tagged'], [], false],
    [[], ['untagged'], [], true],
    [['a'], ['untagged'], [], false],
    [['a'], [], ['tagged'], false],
    [['a'], ['all'], ['a'], false],
    [['b'], ['a'], [], false],
  ];
  for (const [tags, only, skip, want] of cases) {
    it(`tags ${JSON.stringify(tags)} --tags ${only.join(',') || '-'} --skip-tags ${skip.join(',') || '-'} → ${want}`, () => {
      assert.equal(selectedByTags(tags, only, skip), want);
    });
  }
});
