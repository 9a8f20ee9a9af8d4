// amazon.aws.ec2_instance against moto: differential with the collection (count, exact_count up
// and down, default filters, modification of tags / security groups / attributes, stop, start,
// terminate, check mode) and the lifecycle proof with emulator snapshots.
import assert from 'node:assert/strict';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { explain } from './support/sides.js';

/** An AMI moto always has (its bundled ubuntu image). */
export const AMI = 'ami-1e749f67';

export const NETWORK = `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.50.0.0/16 }
      register: vpc
    - name: subnet
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.50.1.0/24, az: eu-central-1a }
      register: subnet
    - name: sg pg
      amazon.aws.ec2_security_group: { name: pg, description: pg, vpc_id: "{{ vpc.vpc.id }}" }
    - name: sg app
      amazon.aws.ec2_security_group: { name: app, description: app, vpc_id: "{{ vpc.vpc.id }}" }
`;

const inst = (name: string, body: string, extra = '') => `
    - name: ${name}
      amazon.aws.ec2_instance:
        image_id: ${AMI}
        instance_type: t3.micro
        vpc_subnet_id: "{{ subnet.subnet.id }}"
${body}${extra}`;

describe('aws: ec2_instance', function () {
  this.timeout(900_000);
  const suite = useMoto();

  it('differential: count, exact_count up and down, modify, stop, start, terminate', async () => {
    const { pgplay } = await differential(suite, awsPlay(`${inst('launch one with count', `        count: 1
        name: solo
        security_group: pg
        network: { assign_public_ip: true }
        user_data: "#!/bin/sh\\necho hi\\n"
        tags: { cluster: solo }
`)}${inst('exact_count 3', `        exact_count: 3
        name: etcd
        security_groups: [pg]
        tags: { cluster: etcd, env: demo }
`)}${inst('exact_count 3 again', `        exact_count: 3
        name: etcd
        security_groups: [pg]
        tags: { cluster: etcd, env: demo }
`)}${inst('exact_count 2 (check)', `        exact_count: 2
        name: etcd
`, '      check_mode: true\n')}${inst('exact_count 2', `        exact_count: 2
        name: etcd
`)}${inst('modify tags, groups, protection', `        name: etcd
        security_groups: [pg, app]
        termination_protection: true
        tags: { cluster: etcd, role: db }
        purge_tags: false
`)}${inst('modify again', `        name: etcd
        security_groups: [pg, app]
        termination_protection: true
        tags: { cluster: etcd, role: db }
        purge_tags: false
`)}
    - name: stop
      amazon.aws.ec2_instance: { state: stopped, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] } }
    - name: stop again
      amazon.aws.ec2_instance: { state: stopped, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] } }
    - name: start
      amazon.aws.ec2_instance: { state: running, filters: { "tag:Name": etcd, instance-state-name: [running, stopped] }, termination_protection: false }
    - name: terminate
      amazon.aws.ec2_instance: { state: absent, filters: { "tag:cluster": [etcd, solo] } }
    - name: terminate again (terminated instances still match these filters; the collection terminates them again)
      amazon.aws.ec2_instance: { state: terminated, filters: { "tag:cluster": [etcd, solo] } }
    - name: terminate again, live instances only
      amazon.aws.ec2_instance: { state: terminated, filters: { "tag:cluster": [etcd, solo], instance-state-name: [pending, running, stopping, stopped] } }
`, NETWORK));
    assert.deepEqual(pgplay.tasks.slice(4).map((t) => t.status), ['changed', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'changed', 'ok'], explain(pgplay));
  });
});
