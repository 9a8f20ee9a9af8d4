// The editor schema accepts every playbook of the differential corpus and rejects what validation rejects.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { playbookSchema, ActionTable, ENGINE_ACTIONS, loadYamlDocument, Ajv } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
const CASES = 'test/conformance/playbooks/cases';

describe('schema/playbook-schema for editors', () => {
  // inlineRefs: false keeps each task shape in its own function, as the schema's $defs intend.
  const validate = new Ajv({ strict: false, allErrors: true, inlineRefs: false }).compile(
    playbookSchema(new ActionTable(registry.modules, ENGINE_ACTIONS)) as object,
  );
  for (const name of readdirSync(CASES)) {
    const file = join(CASES, name, 'playbook.yml');
    if (!existsSync(file)) continue;
    it(`accepts ${name}`, () => {
      const doc = loadYamlDocument(readFileSync(file, 'utf8'), file).value;
      assert.ok(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors, null, 1)?.slice(0, 800));
    });
  }
  it('rejects an unknown module and an unknown option', () => {
    assert.equal(validate([{ hosts: 'all', tasks: [{ nosuch: {} }] }]), false);
    assert.equal(validate([{ hosts: 'all', tasks: [{ command: { cmd: 'x', bogus: 1 } }] }]), false);
    assert.equal(validate([{ hosts: 'all', tasks: [{ command: { cmd: 'x' }, when: 'y' }] }]), true);
  });
});
