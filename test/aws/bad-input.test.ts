// Bad AWS arguments are found before any host (or the emulator) is touched, each with
// file:line:col and what was expected; exit 4.
import assert from 'node:assert/strict';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { useMoto } from './support/suite.js';
import { runAws } from './support/sides.js';

/** playbook.yml:5:<column of `at` in the task line> — the task is line 5. */
const at = (task: string, value: string): string => String.raw`playbook\.yml:5:` + `${task.indexOf(value) + 1}: `;
const T = {
  cidr: `    - amazon.aws.ec2_vpc_net: { name: x, cidr_block: 10.0.0.0/33 }`,
  subnet: `    - amazon.aws.ec2_vpc_subnet: { vpc_id: vpc-1, cidr: 10.1.300.0/24 }`,
  rule: `    - amazon.aws.ec2_security_group: { name: x, description: y, rules: [{ ports: [22], cidr_ip: 10.0.0.300/8 }] }`,
  tags: `    - amazon.aws.ec2_vpc_igw: { vpc_id: vpc-1, tags: [a, b] }`,
  colour: `    - amazon.aws.ec2_vpc_net: { name: x, cidr_block: 10.0.0.0/16, colour: blue }`,
};

const cases: { name: string; task: string; expect: RegExp }[] = [
  { name: 'unknown option', task: T.colour, expect: new RegExp(at(T.colour, 'colour') + String.raw`Unsupported parameters for \(amazon\.aws\.ec2_vpc_net\) module: colour\.`) },
  { name: 'bad CIDR', task: T.cidr, expect: new RegExp(at(T.cidr, '10.0.0.0/33') + String.raw`cidr_block: '10\.0\.0\.0/33' is not an IPv4 CIDR block`) },
  { name: 'bad subnet CIDR', task: T.subnet, expect: new RegExp(at(T.subnet, '10.1.300') + String.raw`cidr: '10\.1\.300\.0/24' is not an IPv4 CIDR block`) },
  { name: 'bad rule CIDR', task: T.rule, expect: new RegExp(at(T.rule, '[{') + String.raw`rules: cidr_ip: '10\.0\.0\.300/8' is not an IPv4 CIDR block`) },
  { name: 'unknown rule field', task: `    - amazon.aws.ec2_security_group: { name: x, description: y, rules: [{ ports: [22], cidr_ip: 10.0.0.0/8, colour: red }] }`, expect: /playbook\.yml:5:\d+: argument 'rules -> 0' must NOT have additional properties/ },
  { name: 'missing required', task: `    - amazon.aws.ec2_vpc_subnet: { vpc_id: vpc-1 }`, expect: /playbook\.yml:5:7: missing required arguments: cidr/ },
  { name: 'mutually exclusive', task: `    - amazon.aws.ec2_key: { name: k, key_material: "ssh-rsa AAAA", key_type: rsa }`, expect: /playbook\.yml:5:7: parameters are mutually exclusive: key_material\|key_type/ },
  { name: 'required one of', task: `    - amazon.aws.ec2_vpc_net: { name: x }`, expect: /playbook\.yml:5:7: one of the following is required: vpc_id, cidr_block/ },
  { name: 'wrong type', task: T.tags, expect: new RegExp(at(T.tags, '[a, b]') + String.raw`argument 'tags' is of type <class 'list'> and we were unable to convert to dict`) },
  { name: 'required if (target group)', task: `    - community.aws.elb_target_group: { name: tg, state: present, target_type: ip, protocol: TCP }`, expect: /playbook\.yml:5:7: target_type is ip but all of the following are missing: port, vpc_id/ },
  { name: 'listener without DefaultActions', task: `    - community.aws.elb_network_lb: { name: lb, subnets: [subnet-1], listeners: [{ Protocol: TCP, Port: 80 }] }`, expect: /playbook\.yml:5:\d+: argument 'listeners -> 0' must have required property 'DefaultActions'/ },
  { name: 'bad choice', task: `    - amazon.aws.ec2_vpc_net: { name: x, cidr_block: 10.0.0.0/16, tenancy: shared }`, expect: /playbook\.yml:5:\d+: value of tenancy must be one of: default, dedicated, got: shared/ },
  { name: 'ec2_instance: count with exact_count', task: `    - amazon.aws.ec2_instance: { image_id: ami-1, instance_type: t3.micro, count: 1, exact_count: 2 }`, expect: /playbook\.yml:5:7: parameters are mutually exclusive: exact_count\|count/ },
  { name: 'ec2_instance: bad state', task: `    - amazon.aws.ec2_instance: { name: x, state: halted }`, expect: /playbook\.yml:5:\d+: value of state must be one of: present, started, running, stopped, restarted, rebooted, terminated, absent, got: halted/ },
  { name: 'ec2_instance: unsupported option', task: `    - amazon.aws.ec2_instance: { name: x, launch_template: { name: t } }`, expect: /playbook\.yml:5:\d+: option 'launch_template' of amazon\.aws\.ec2_instance is not supported by pgplay yet/ },
  { name: 's3_object: no delete mode in this collection', task: `    - amazon.aws.s3_object: { bucket: b, mode: delete }`, expect: /playbook\.yml:5:\d+: value of mode must be one of: get, put, create, geturl, getstr, delobj, list, copy, got: delete/ },
  { name: 's3_object: content and src together', task: `    - amazon.aws.s3_object: { bucket: b, object: k, mode: put, content: x, src: f }`, expect: /playbook\.yml:5:7: parameters are mutually exclusive: content\|content_base64\|src/ },
  { name: 's3_object: put without content', task: `    - amazon.aws.s3_object: { bucket: b, object: k, mode: put }`, expect: /playbook\.yml:5:7: mode is put but any of the following are missing: content, content_base64, src/ },
  { name: 'iam_role: present without a trust policy', task: `    - amazon.aws.iam_role: { name: r }`, expect: /playbook\.yml:5:7: state is present but all of the following are missing: assume_role_policy_document/ },
  { name: 'iam_policy: bad iam_type', task: `    - amazon.aws.iam_policy: { iam_type: computer, iam_name: x, policy_name: p, state: absent }`, expect: /playbook\.yml:5:\d+: value of iam_type must be one of: user, group, role, got: computer/ },
  { name: 'iam_instance_profile: tags not a dict', task: `    - amazon.aws.iam_instance_profile: { name: p, tags: [a] }`, expect: /playbook\.yml:5:\d+: argument 'tags' is of type <class 'list'> and we were unable to convert to dict/ },
  { name: 'iam_managed_policy: unknown option', task: `    - amazon.aws.iam_managed_policy: { name: p, policy_document: x }`, expect: /playbook\.yml:5:\d+: Unsupported parameters for \(amazon\.aws\.iam_managed_policy\) module: policy_document\./ },
];

describe('aws: bad input', function () {
  this.timeout(300_000);
  const suite = useMoto();
  for (const c of cases) {
    it(`${c.name}: exit 4 with file:line:col, nothing touched`, async () => {
      await suite.moto.reset();
      const before = (await suite.ec2().send(new DescribeVpcsCommand({}))).Vpcs?.length;
      const r = await runAws('pgplay', suite.moto, `- hosts: localhost\n  gather_facts: false\n  module_defaults: { group/aws: { region: eu-central-1 } }\n  tasks:\n${c.task}\n`);
      assert.equal(r.exitCode, 4, r.proc.stderr);
      assert.match(r.proc.stderr, c.expect);
      assert.equal(r.tasks.length, 0);
      assert.equal((await suite.ec2().send(new DescribeVpcsCommand({}))).Vpcs?.length, before);
    });
  }
});
