// The aws_ec2 dynamic inventory plug-in against moto: `ansible-inventory --list` (the pinned
// amazon.aws collection with boto3) and `pgplay inventory --list` read the same emulator state and
// must print the same bytes, for the blog's config and for filters, include/exclude filters,
// hostnames (tag:Name, dicts with prefix/separator, the default), compose, groups, keyed_groups,
// hostvars prefix/suffix, allow_duplicated_hosts; a playbook sees the same `groups`; broken
// configs fail with file:line:col before AWS is asked.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunInstancesCommand, StopInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { oracleConfig, pgplayCli, requireOracle, venvBin } from '../conformance/playbooks/harness/paths.js';
import { sandboxEnv } from '../conformance/playbooks/harness/sandbox.js';
import { run } from '../conformance/playbooks/harness/spawn.js';
import { awsPlay } from './support/play.js';
import { explain, runAws } from './support/sides.js';
import { useMoto, type MotoSuite } from './support/suite.js';
import { assertSameRuns } from './support/compare.js';

const AMI = 'ami-1e749f67';

/** Three etcd hosts (one stopped), two patroni hosts, one terminated, in two regions. */
async function launch(suite: MotoSuite): Promise<void> {
  const start = async (region: string, count: number, tags: Record<string, string>, subnet?: string) => {
    const r = await suite.ec2(region).send(new RunInstancesCommand({
      ImageId: AMI, MinCount: count, MaxCount: count, InstanceType: 't3.micro', ...(subnet ? { SubnetId: subnet } : {}),
      TagSpecifications: [{ ResourceType: 'instance', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }));
    return r.Instances!.map((i) => i.InstanceId!);
  };
  const etcd = await start('eu-central-1', 3, { Name: 'etcd', cluster: 'etcd', env: 'demo' });
  await suite.ec2().send(new StopInstancesCommand({ InstanceIds: [etcd[2]!] }));
  await start('eu-central-1', 2, { Name: 'patroni', cluster: 'patroni', env: 'demo', 'odd key': 'v-1.2' });
  const [gone] = await start('eu-central-1', 1, { Name: 'gone', cluster: 'etcd' });
  await suite.ec2().send(new TerminateInstancesCommand({ InstanceIds: [gone!] }));
  await start('eu-west-1', 1, { Name: 'far', cluster: 'etcd', env: 'prod' });
}

function workDir(files: Record<string, string>): { root: string; home: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'pgplay-aws-inv-')));
  const home = join(root, 'home');
  mkdirSync(join(home, 'tmp'), { recursive: true });
  for (const [n, t] of Object.entries(files)) writeFileSync(join(root, n), t);
  return { root, home };
}

function sandbox(suite: MotoSuite, config: string, file: string) {
  const { root, home } = workDir({ [file]: config });
  return { root, env: sandboxEnv({ root, caseDir: root, work: root, home }, { ...suite.moto.env, ANSIBLE_CONFIG: oracleConfig }) };
}

const pgplayInventory = (root: string, env: NodeJS.ProcessEnv, file: string, args: string[]) => run(process.execPath, [pgplayCli, 'inventory', '-i', file, ...args], { cwd: root, env });

/** ansible-inventory and pgplay inventory on the same config and state. */
async function both(suite: MotoSuite, config: string, args: string[] = ['--list'], file = 'hosts.aws_ec2.yml') {
  requireOracle();
  const { root, env } = sandbox(suite, config, file);
  const ansible = await run(join(venvBin, 'ansible-inventory'), ['-i', file, ...args], { cwd: root, env });
  const pgplay = await pgplayInventory(root, env, file, args);
  return { ansible, pgplay };
}

async function sameListing(suite: MotoSuite, config: string, args: string[] = ['--list']): Promise<string> {
  const { ansible, pgplay } = await both(suite, config, args);
  assert.equal(ansible.exitCode, 0, ansible.stderr);
  assert.equal(pgplay.exitCode, 0, pgplay.stderr);
  if (pgplay.stdout !== ansible.stdout) {
    const a = ansible.stdout.split('\n');
    const p = pgplay.stdout.split('\n');
    const i = a.findIndex((l, n) => l !== p[n]);
    assert.fail(`pgplay's ${args.join(' ')} differs from ansible-inventory's at line ${i + 1}:\n--- ansible\n${a.slice(Math.max(0, i - 8), i + 8).join('\n')}\n--- pgplay\n${p.slice(Math.max(0, i - 8), i + 8).join('\n')}\n--- stderr\n${pgplay.stderr}`);
  }
  return pgplay.stdout;
}

describe('aws: aws_ec2 inventory plug-in', function () {
  this.timeout(600_000);
  const suite = useMoto();
  before(async function () {
    this.timeout(120_000);
    await suite.moto.reset();
    await launch(suite);
  });

  it("the blog's config: private IPs, tag groups, ansible_host composed; byte for byte", async () => {
    const out = await sameListing(suite, `plugin: aws_ec2
regions: [eu-central-1]
strict: False
keyed_groups: [{prefix: tag, key: tags}]
hostnames: [private-ip-address]
compose: {ansible_host: public_ip_address}
`);
    const list = JSON.parse(out) as Record<string, { hosts?: string[] }>;
    assert.equal(list['tag_cluster_etcd']?.hosts?.length, 3, 'stopped instances are listed by default, terminated ones are not');
    assert.equal(list['tag_cluster_patroni']?.hosts?.length, 2);
    assert.equal(list['aws_ec2']?.hosts?.length, 5);
  });

  it('filters, include/exclude filters, groups, hostname dicts, prefix/suffix, both regions; --graph and --host', async () => {
    const config = `plugin: amazon.aws.aws_ec2
regions: [eu-central-1, eu-west-1]
filters:
  instance-state-name: running
include_filters:
  - tag:Name: [far]
exclude_filters:
  - tag:Name: [patroni]
    instance-state-name: [running]
hostnames:
  - name: tag:Name
    prefix: instance-id
    separator: '-'
compose:
  ansible_host: private_ip_address
  region_of: placement.region
  broken: no_such_var.attr
groups:
  running: state.name == 'running'
  far_away: "'far' in (tags.Name | default(''))"
keyed_groups:
  - key: tags.cluster
    prefix: cluster
  - key: placement.region
    parent_group: regions
  - key: tags.env
    separator: ''
    prefix: env
  - key: tags
    prefix: ''
    leading_separator: false
hostvars_prefix: ec2_
`;
    const out = await sameListing(suite, config);
    const list = JSON.parse(out) as Record<string, { hosts?: string[] }>;
    assert.equal(list['aws_ec2']?.hosts?.length, 3, 'two running etcd + the far one');
    await sameListing(suite, config, ['--graph']);
    const host = list['aws_ec2']!.hosts![0]!;
    await sameListing(suite, config, ['--host', host]);
  });

  it('default hostnames, tag hostnames with values, allow_duplicated_hosts, contrib tag keys', async () => {
    await sameListing(suite, `plugin: aws_ec2
regions: [eu-central-1]
`);
    await sameListing(suite, `plugin: aws_ec2
regions: [eu-central-1]
hostnames: [tag:cluster=etcd, tag:Name, private-dns-name]
allow_duplicated_hosts: true
use_contrib_script_compatible_ec2_tag_keys: true
use_contrib_script_compatible_sanitization: true
keyed_groups: [{prefix: tag, key: tags}]
`);
  });

  it('a playbook sees the same groups and host vars', async () => {
    const files = { 'hosts.aws_ec2.yml': `plugin: aws_ec2
regions: [eu-central-1]
keyed_groups: [{prefix: tag, key: tags}]
hostnames: [private-ip-address]
compose: {ansible_host: public_ip_address}
` };
    const pb = awsPlay(`    - name: groups
      debug: { msg: "{{ groups['tag_cluster_etcd'] | sort }} {{ groups['tag_cluster_patroni'] | map('extract', hostvars, ['ansible_host']) | list | length }}" }
`);
    const args = ['-i', 'hosts.aws_ec2.yml'];
    const ansible = await runAws('ansible', suite.moto, pb, { args, files });
    const pgplay = await runAws('pgplay', suite.moto, pb, { args, files });
    assertSameRuns(ansible, pgplay, explain);
    assert.match(String(pgplay.tasks[0]!.result['msg']), /^\['10\./);
  });

  it('broken configs: file:line:col, nothing asked of AWS', async () => {
    const cases: [string, RegExp][] = [
      ['plugin: aws_ec2\nregions: [eu-central-1]\nhostname: [private-ip-address]\n', /hosts\.aws_ec2\.yml:3:1: .*unknown aws_ec2 option 'hostname'/],
      ['plugin: aws_ec2\nregions: eu-central-1\n', /hosts\.aws_ec2\.yml:2:10: .*'regions' must be a list/],
      ['plugin: aws_ec2\nhostnames: [{prefix: tag:Name}]\n', /hosts\.aws_ec2\.yml:2:12: .*A 'name' key must be defined/],
      ['plugin: aws_ec2\nuse_ssm_inventory: true\n', /hosts\.aws_ec2\.yml:2:1: .*not supported by pgplay yet/],
    ];
    // (No AWS endpoint at all: a config error must be found before any call.)
    for (const [config, want] of cases) {
      const { root, env } = sandbox(suite, config, 'hosts.aws_ec2.yml');
      const pgplay = await pgplayInventory(root, { ...env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, 'hosts.aws_ec2.yml', ['--list']);
      assert.equal(pgplay.exitCode, 4, pgplay.stderr);
      assert.match(pgplay.stderr, want);
    }
  });
});
