// The module.deprecate() calls amazon.aws 7.6 makes for deprecated arguments, against moto and the
// pinned collection: ec2_instance's top-level tenancy / placement_group, s3_object's leading '/'
// in `object` and legacy `overwrite` values, ec2_security_group's nested cidr lists (once per pass
// over the rules: twice under --diff). The differential compares `deprecations` both ways
// (support/compare.ts), so a missing, extra or reworded entry fails; the assertions below pin
// that each case really carries the entries, so the comparison has something to bite on.
import assert from 'node:assert/strict';
import { awsPlay } from './support/play.js';
import { differential, useMoto, type MotoSuite } from './support/suite.js';
import { deprecationsOf } from './support/compare.js';
import { explain, runAws, type PlaybookRun } from './support/sides.js';

/** The deprecation messages of each task, in order. */
const messages = (r: PlaybookRun): string[][] => r.tasks.map((t) => deprecationsOf(t.result).map(([, d]) => (d as { msg: string }).msg));

/** An AMI moto always has (its bundled ubuntu image). */
const AMI = 'ami-1e749f67';

const VPC = `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.60.0.0/16 }
      register: vpc
`;

const NESTED = 'Support for nested lists in cidr_ip and cidr_ipv6 has been deprecated.  The flatten filter can be used instead.';
const OVERWRITE = "Support for passing values of 'overwrite' other than 'always', 'never', 'different' or 'latest', has been deprecated.";
const SLASH = "Support for passing object key names with a leading '/' has been deprecated.";
const TENANCY = 'The tenancy parameter has been deprecated, please use placement.tenancy instead.';
const GROUP = 'The placement_group parameter has been deprecated, please use placement.group_name instead.';
const EC2_ENV = "Support for the 'EC2_REGION', 'EC2_ACCESS_KEY', 'EC2_SECRET_KEY', 'EC2_SECURITY_TOKEN', 'EC2_URL', and 'S3_URL' environment variables has been deprecated.  These variables are currently used for all AWS services which can cause confusion.  We recomend using the relevant module parameters or alternatively the 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', and 'AWS_URL' environment variables can be used instead.";
const TOKEN_ENV = "Support for the 'AWS_SECURITY_TOKEN' environment variable has been deprecated.  This variable was based on the original boto SDK, support for which has now been dropped.  We recommend using the 'session_token' module parameter or alternatively the 'AWS_SESSION_TOKEN' environment variable can be used instead.";

/**
 * Both sides on fresh emulator state, compared on per-task status and deprecations only: for runs
 * whose other keys cannot agree (pgplay's own `--diff` result, deliberate difference 35; a message
 * listing a Python set, whose order is per process).
 */
async function sameDeprecations(suite: MotoSuite, playbook: string, args: string[] = []): Promise<PlaybookRun> {
  await suite.moto.reset();
  const ansible = await runAws('ansible', suite.moto, playbook, { args });
  await suite.moto.reset();
  const pgplay = await runAws('pgplay', suite.moto, playbook, { args });
  const statuses = (r: PlaybookRun) => r.tasks.map((t) => `${t.task}: ${t.status}`);
  assert.deepEqual(statuses(pgplay), statuses(ansible), `${explain(ansible)}\n${explain(pgplay)}`);
  ansible.tasks.forEach((t, i) => assert.deepEqual(deprecationsOf(pgplay.tasks[i]!.result), deprecationsOf(t.result), `task ${i} "${t.task}"`));
  return pgplay;
}

describe('aws: deprecated arguments (module.deprecate)', function () {
  this.timeout(900_000);
  const suite = useMoto();

  it('differential: ec2_instance tenancy and placement_group, in check mode, launched, unchanged, and failing', async () => {
    const inst = (name: string, extra: string, subnet = '"{{ subnet.subnet.id }}"', tag = 'dep') => `    - name: ${name}
      amazon.aws.ec2_instance:
        image_id: ${AMI}
        instance_type: t3.micro
        vpc_subnet_id: ${subnet}
        exact_count: 1
        name: ${tag}
${extra}`;
    const { pgplay } = await differential(suite, awsPlay(`${VPC}    - name: subnet
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.60.1.0/24, az: eu-central-1a }
      register: subnet
${inst('tenancy (check)', '        tenancy: default\n      check_mode: true\n')}${inst('tenancy and placement_group', '        tenancy: default\n        placement_group: pgplay-pg\n')}${inst('the same again', '        tenancy: default\n        placement_group: pgplay-pg\n')}${inst('placement_group, missing subnet', '        placement_group: pgplay-pg\n      ignore_errors: true\n', 'subnet-0123456789abcdef0', 'other')}${inst('placement instead', '        placement: { tenancy: default }\n')}`));
    assert.deepEqual(pgplay.tasks.slice(2).map((t) => t.status), ['changed', 'changed', 'ok', 'failed', 'ok'], explain(pgplay));
    assert.deepEqual(messages(pgplay).slice(2), [[TENANCY], [GROUP, TENANCY], [GROUP, TENANCY], [GROUP], []], explain(pgplay));
  });

  it("differential: s3_object leading '/' and legacy overwrite values, in check mode, unchanged, and failing", async () => {
    const { pgplay } = await differential(suite, awsPlay(`    - s3_bucket: { name: pgplay-dep }
    - name: leading slash
      amazon.aws.s3_object: { bucket: pgplay-dep, object: /conf/a.txt, mode: put, content: "a\\n" }
    - name: overwrite true (check)
      amazon.aws.s3_object: { bucket: pgplay-dep, object: conf/a.txt, mode: put, content: "b\\n", overwrite: true }
      check_mode: true
    - name: overwrite no, leading slash
      amazon.aws.s3_object: { bucket: pgplay-dep, object: /conf/a.txt, mode: put, content: "b\\n", overwrite: "no" }
    - name: overwrite different
      amazon.aws.s3_object: { bucket: pgplay-dep, object: conf/a.txt, mode: put, content: "a\\n", overwrite: different }
    - name: getstr with a leading slash
      amazon.aws.s3_object: { bucket: pgplay-dep, object: /conf/a.txt, mode: getstr }
    - name: missing key with a leading slash
      amazon.aws.s3_object: { bucket: pgplay-dep, object: /nosuch, mode: getstr }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.slice(1).map((t) => t.status), ['changed', 'changed', 'ok', 'ok', 'changed', 'failed'], explain(pgplay));
    assert.deepEqual(messages(pgplay).slice(1), [[SLASH], [OVERWRITE], [OVERWRITE, SLASH], [], [SLASH], [SLASH]], explain(pgplay));
  });

  it('s3_object: an overwrite value that is no boolean fails before the leading slash is deprecated', async () => {
    const pgplay = await sameDeprecations(suite, awsPlay(`    - s3_bucket: { name: pgplay-dep }
    - name: not a boolean
      amazon.aws.s3_object: { bucket: pgplay-dep, object: /conf/a.txt, mode: put, content: "c\\n", overwrite: sometimes }
      ignore_errors: true
`));
    assert.deepEqual(messages(pgplay).slice(1), [[OVERWRITE]], explain(pgplay));
    assert.equal(pgplay.tasks[1]!.status, 'failed');
  });

  it("differential: the boto-era environment variables (task environment, empty counts), before a module's own, on failures too", async () => {
    const { pgplay } = await differential(suite, awsPlay(`${VPC}      environment: { EC2_REGION: eu-west-1 }
    - name: caller with AWS_SECURITY_TOKEN
      amazon.aws.aws_caller_info:
      environment: { AWS_SECURITY_TOKEN: pgplay-token }
    - name: both, an empty EC2_ACCESS_KEY
      amazon.aws.ec2_vpc_net_info: { filters: { "tag:Name": net } }
      environment: { EC2_ACCESS_KEY: "", AWS_SECURITY_TOKEN: pgplay-token }
    - name: a community.aws module
      community.aws.elb_target_group_info:
      environment: { EC2_REGION: eu-west-1 }
    - s3_bucket: { name: pgplay-env }
    - name: missing key, leading slash
      amazon.aws.s3_object: { bucket: pgplay-env, object: /a.txt, mode: getstr }
      environment: { EC2_REGION: eu-west-1 }
      ignore_errors: true
    - name: none set
      amazon.aws.ec2_vpc_net_info: { filters: { "tag:Name": net } }
`));
    assert.deepEqual(messages(pgplay), [[EC2_ENV], [TOKEN_ENV], [EC2_ENV, TOKEN_ENV], [EC2_ENV], [], [EC2_ENV, SLASH], []], explain(pgplay));
    assert.deepEqual(pgplay.tasks.map((t) => t.status), ['changed', 'ok', 'ok', 'ok', 'changed', 'failed', 'ok'], explain(pgplay));
  });

  // (A session token is not given to s3_object here: its presigned URL differs from boto3's then.)
  it('differential: deprecated connection aliases (ec2_region, ec2_url, s3_url, security_token), before the environment and the module', async () => {
    const alias = (name: string) => `Alias '${name}' is deprecated. See the module docs for more information`;
    const { pgplay } = await differential(suite, awsPlay(`    - s3_bucket: { name: pgplay-alias }
    - name: ec2_region
      amazon.aws.ec2_vpc_net_info: { ec2_region: eu-central-1 }
    - name: ec2_url and security_token, EC2_REGION set
      amazon.aws.ec2_vpc_net_info: { ec2_url: "{{ lookup('env', 'AWS_ENDPOINT_URL') }}", security_token: pgplay-token }
      environment: { EC2_REGION: eu-west-1 }
    - name: s3_url and a leading slash
      amazon.aws.s3_object: { s3_url: "{{ lookup('env', 'AWS_ENDPOINT_URL') }}", bucket: pgplay-alias, object: /a.txt, mode: put, content: "a\\n" }
`));
    assert.deepEqual(messages(pgplay), [[], [alias('ec2_region')], [alias('security_token'), alias('ec2_url'), EC2_ENV], [alias('s3_url'), SLASH]], explain(pgplay));
  });

  const nested = `      amazon.aws.ec2_security_group:
        name: dep
        description: dep
        vpc_id: "{{ vpc.vpc.id }}"
        rules:
          - { proto: tcp, ports: [5432], cidr_ip: [[10.0.0.0/8, [10.1.0.0/16]], 10.2.0.0/16] }
          - { proto: tcp, ports: [22], cidr_ipv6: [['2001:db8::/32']] }
        rules_egress:
          - { proto: all, cidr_ip: [[0.0.0.0/0]] }
`;
  const sgPlay = awsPlay(`${VPC}    - name: nested cidr_ip lists
${nested}    - name: the same again
${nested}    - name: flat lists
      amazon.aws.ec2_security_group:
        name: dep
        description: dep
        vpc_id: "{{ vpc.vpc.id }}"
        rules:
          - { proto: tcp, ports: [5432], cidr_ip: [10.0.0.0/8, 10.1.0.0/16, 10.2.0.0/16] }
          - { proto: tcp, ports: [22], cidr_ipv6: ['2001:db8::/32'] }
        rules_egress:
          - { proto: all, cidr_ip: [0.0.0.0/0] }
    - name: icmp fields with tcp, nested
      amazon.aws.ec2_security_group: { name: dep, description: dep, vpc_id: "{{ vpc.vpc.id }}", rules: [{ proto: tcp, icmp_type: 8, cidr_ip: [[10.0.0.0/8]] }] }
      ignore_errors: true
    - name: refused by the rule spec, nested
      amazon.aws.ec2_security_group: { name: dep, description: dep, vpc_id: "{{ vpc.vpc.id }}", rules: [{ proto: tcp, ports: [22], from_port: 22, cidr_ip: [[10.0.0.0/8]] }] }
      ignore_errors: true
    - name: delete, nested (state=absent never flattens)
      amazon.aws.ec2_security_group: { name: dep, vpc_id: "{{ vpc.vpc.id }}", state: absent, rules: [{ proto: tcp, ports: [22], cidr_ip: [[10.0.0.0/8]] }] }
`);

  it('differential: ec2_security_group nested cidr lists: one entry per nested list, none when flat, absent or refused', async () => {
    const { pgplay } = await differential(suite, sgPlay);
    assert.deepEqual(pgplay.tasks.slice(1).map((t) => t.status), ['changed', 'ok', 'ok', 'failed', 'failed', 'changed'], explain(pgplay));
    assert.deepEqual(messages(pgplay).slice(1).map((m) => m.length), [4, 4, 0, 1, 0, 0], explain(pgplay));
    assert.ok(messages(pgplay).flat().every((m) => m === NESTED));
  });

  it('differential: ec2_security_group nested cidr lists under --diff: each list is flattened twice', async () => {
    const pgplay = await sameDeprecations(suite, sgPlay, ['--diff']);
    assert.deepEqual(messages(pgplay).slice(1).map((m) => m.length), [8, 8, 0, 1, 0, 0], explain(pgplay));
  });
});
