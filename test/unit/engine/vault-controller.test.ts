/**
 * The controller-side reader modules use for copy/template sources (ControllerServices.readFile):
 * a vaulted file arrives decrypted, its content is masked in every event, and a file no secret
 * opens fails the task with ansible's message naming the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlaybook, loadInventory, VaultLib, vaultEncrypt, type RunEvent, type VaultSecret } from '@pgplay/engine';
import { defineModule } from '@pgplay/engine/module-api';

const secret: VaultSecret = { id: 'default', password: Buffer.from('controller-pw'), source: 'test' };

/** A stand-in for copy: reads its src on the controller and reports what it got. */
const readSource = defineModule<{ src: string }, unknown>({
  name: 'test.read_source',
  aliases: ['read_source'],
  doc: { short: 'reads a controller file' },
  args: { type: 'object', additionalProperties: false, required: ['src'], properties: { src: { type: 'string' } } },
  returns: {},
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const path = ctx.controller.findFile('files', args.src);
    if (!path) throw new Error(`no ${args.src}`);
    const f = ctx.controller.readFile(path);
    const text = f.bytes.toString('utf8');
    return { changed: false, result: { vaulted: f.vaulted, length: text.length, content: text, first_line: text.split('\n')[0] } };
  },
  async apply() {
    return { changed: false };
  },
});

describe('engine: ControllerServices.readFile (vaulted copy/template sources)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-vault-ctl-'));
    writeFileSync(join(dir, 'plain.txt'), 'plain content\n');
    writeFileSync(join(dir, 'hosts.ini'), 'localhost ansible_connection=local\n');
    writeFileSync(join(dir, 'key.pem'), vaultEncrypt('-----BEGIN KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END KEY-----\n', secret));
    writeFileSync(join(dir, 'pb.yml'), [
      '- hosts: localhost', '  gather_facts: false', '  tasks:',
      '    - read_source: {src: plain.txt}', '    - read_source: {src: key.pem}', '',
    ].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(vault: VaultLib) {
    const { inventory } = await loadInventory({ sources: [join(dir, 'hosts.ini')], playbookDir: dir });
    const events: RunEvent[] = [];
    const r = await runPlaybook({ playbook: join(dir, 'pb.yml'), inventory, registry: { modules: [readSource] }, vault, onEvent: (e) => events.push(e) });
    return { r, results: events.filter((e) => e.kind === 'host-result').map((e) => (e as { result: Record<string, unknown> }).result), all: JSON.stringify(events) };
  }

  it('decrypts a vaulted file and masks its content and lines in events', async () => {
    const { r, results, all } = await run(new VaultLib([secret]));
    assert.equal(r.exitCode, 0);
    assert.equal(results[0]!.vaulted, false);
    assert.equal(results[0]!.content, 'plain content\n');
    assert.equal(results[1]!.vaulted, true);
    assert.equal(results[1]!.length, 63);
    assert.equal(results[1]!.content, '********');
    assert.equal(results[1]!.first_line, '********');
    for (const leak of ['c2VjcmV0LWtleS1ieXRlcw==', 'controller-pw']) assert.ok(!all.includes(leak), `events contain ${leak}`);
  });

  it('fails the task with ansible\'s message when no secret opens the file', async () => {
    const { r, results } = await run(new VaultLib([{ ...secret, password: Buffer.from('wrong') }]));
    assert.equal(r.exitCode, 2);
    assert.match(String(results[1]!.msg), /Decryption failed \(no vault secrets were found that could decrypt\) on .*key\.pem/);
  });
});
