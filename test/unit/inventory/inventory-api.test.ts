/**
 * The inventory API the engine builds on: dynamic plug-ins reached through `plugin:` files, the
 * variable layers in precedence order, run-time add_host / group_by.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InventoryParseError, loadInventory } from '@pgplay/engine';
import type { InventoryPlugin } from '@pgplay/engine';

const CASES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../conformance/inventory/cases');

function tempInventory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pgplay-inv-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A stand-in for the aws_ec2 plug-in: hosts come from the config file itself. */
const fakeEc2: InventoryPlugin = {
  name: 'aws_ec2',
  aliases: ['amazon.aws.aws_ec2'],
  verifyFile: (path) => /aws_ec2\.ya?ml$/.test(path),
  async parse(path, builder, ctx) {
    const config = ctx.loadYamlFile(path) as { instances?: Record<string, string>; regions?: unknown };
    if (!Array.isArray(config.regions)) {
      throw new InventoryParseError('regions must be a list', { file: path, line: 2, column: 10 }, 'a list of region names');
    }
    builder.addGroup('aws_ec2');
    for (const [id, ip] of Object.entries(config.instances ?? {})) {
      builder.addHost(id, 'aws_ec2');
      builder.setVariable(id, 'ansible_host', ip);
    }
  },
};

describe('inventory API', () => {
  it('hands a `plugin:` file to the registered plug-in it names', async () => {
    const dir = tempInventory({ 'prod.aws_ec2.yml': 'plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\ninstances: {i-1: 10.0.0.1, i-2: 10.0.0.2}\n' });
    const { inventory, diagnostics } = await loadInventory({ sources: [dir], plugins: [fakeEc2] });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(inventory.selectHosts('aws_ec2'), ['i-1', 'i-2']);
    assert.deepEqual(inventory.hostVars('i-2'), { inventory_file: join(dir, 'prod.aws_ec2.yml'), inventory_dir: dir, ansible_host: '10.0.0.2' });
  });

  it("reports a plug-in's own failure with its position", async () => {
    const dir = tempInventory({ 'aws_ec2.yml': 'plugin: aws_ec2\nregions: eu-west-1\n' });
    const { diagnostics } = await loadInventory({ sources: [join(dir, 'aws_ec2.yml')], plugins: [fakeEc2] });
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.deepEqual([errors[0]!.line, errors[0]!.column, errors[0]!.expected], [2, 10, 'a list of region names']);
  });

  it('returns the inventory tiers lowest first, one layer per vars file', async () => {
    const dir = join(CASES, 'playbook-dir-tiers');
    const { inventory } = await loadInventory({ sources: [join(dir, 'inv/hosts')], playbookDir: join(dir, 'pb') });
    const sources = inventory.hostLayers('h1').map((l) => (l.source.startsWith('/') ? l.source.slice(dir.length + 1) : l.source));
    assert.deepEqual(sources, [
      'inventory group all', 'inventory group parent', 'inventory group child',
      'inv/group_vars/all.yml', 'pb/group_vars/all.yml',
      'inv/group_vars/parent.yml', 'inv/group_vars/child.yml', 'pb/group_vars/parent.yml', 'pb/group_vars/child.yml',
      'inventory host h1', 'inv/host_vars/h1.yml', 'pb/host_vars/h1.yml',
    ]);
    assert.equal(inventory.hostVars('h1').v_pb_child, 'pb_child');
    assert.equal(inventory.hostVars('h1', null).v_pb_child, 'inv_child', 'without a playbook dir its tiers drop out');
  });

  it('adds hosts and groups at run time (add_host, group_by)', async () => {
    const dir = tempInventory({ hosts: '[web]\nw1\n' });
    const { inventory } = await loadInventory({ sources: [join(dir, 'hosts')] });
    inventory.addHost('new1', [], { port: 2222 });
    assert.deepEqual(inventory.groupsDict().ungrouped, ['new1']);
    inventory.addHost('new2', ['web', 'fresh']);
    assert.deepEqual(inventory.groupsOfHost('new2'), ['fresh', 'web']);
    inventory.addGroup('os_linux', 'w1', ['linux']);
    assert.deepEqual(inventory.selectHosts('linux'), ['w1']);
    assert.deepEqual(inventory.groupsOfHost('w1'), ['linux', 'os_linux', 'web']);
    assert.equal(inventory.hostVars('new1').port, 2222);
  });

  it('reads --limit @file relative to the given path, one pattern a line', async () => {
    const dir = tempInventory({ hosts: '[web]\nw1\nw2\nw3\n', limit: 'w3\nw1\n\n' });
    const { inventory } = await loadInventory({ sources: [join(dir, 'hosts')] });
    assert.deepEqual(inventory.selectHosts('web', { limit: `@${join(dir, 'limit')}` }), ['w1', 'w3']);
    assert.throws(() => inventory.selectHosts('all', { limit: `@${join(dir, 'nope')}` }), /Unable to find limit file/);
    assert.equal(basename(dir).startsWith('pgplay-inv-'), true);
  });
});
