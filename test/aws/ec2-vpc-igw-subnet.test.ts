// amazon.aws.ec2_vpc_igw and ec2_vpc_subnet against moto: differential with the collection and
// the lifecycle proof with emulator snapshots.
import assert from 'node:assert/strict';
import { awsPlay } from './support/play.js';
import { differential, useMoto } from './support/suite.js';
import { proveLifecycle } from './support/lifecycle.js';
import { igwSnapshot, subnetSnapshot } from './support/snapshots.js';

const play = (tasks: string): string => awsPlay(tasks, `    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.20.0.0/16 }
      register: vpc
`);

const vpcSetup = `
    - name: vpc
      amazon.aws.ec2_vpc_net: { name: net, cidr_block: 10.20.0.0/16 }
      register: vpc
    - name: other vpc
      amazon.aws.ec2_vpc_net: { name: other, cidr_block: 10.30.0.0/16 }
      register: other
`;

describe('aws: ec2_vpc_igw and ec2_vpc_subnet', function () {
  this.timeout(400_000);
  const suite = useMoto();

  it('ec2_vpc_igw differential: create, re-run, retag, detach, reattach, move (force_attach), delete', async () => {
    const { pgplay } = await differential(suite, play(`
    - name: other vpc
      ec2_vpc_net: { name: other, cidr_block: 10.30.0.0/16 }
      register: other
    - name: igw
      amazon.aws.ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", tags: { Name: gw } }
      register: igw
    - name: igw again
      ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", tags: { Name: gw } }
    - name: retag
      ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", tags: { role: edge }, purge_tags: false }
    - name: tags untouched when not given
      ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}" }
    - name: detach
      ec2_vpc_igw: { internet_gateway_id: "{{ igw.gateway_id }}", detach_vpc: true }
    - name: attach by id
      ec2_vpc_igw: { internet_gateway_id: "{{ igw.gateway_id }}", vpc_id: "{{ vpc.vpc.id }}" }
    - name: attached elsewhere without force
      ec2_vpc_igw: { internet_gateway_id: "{{ igw.gateway_id }}", vpc_id: "{{ other.vpc.id }}" }
      ignore_errors: true
    - name: force_attach
      ec2_vpc_igw: { internet_gateway_id: "{{ igw.gateway_id }}", vpc_id: "{{ other.vpc.id }}", force_attach: true }
    - name: delete
      ec2_vpc_igw: { vpc_id: "{{ other.vpc.id }}", state: absent }
    - name: delete again
      ec2_vpc_igw: { vpc_id: "{{ other.vpc.id }}", state: absent }
    - name: vpc missing
      ec2_vpc_igw: { vpc_id: vpc-0123456789abcdef0 }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.slice(2).map((t) => t.status), ['changed', 'ok', 'changed', 'ok', 'changed', 'changed', 'failed', 'changed', 'changed', 'ok', 'failed']);
  });

  it('ec2_vpc_subnet differential: create, re-run, map_public, retag, delete, delete again', async () => {
    const { pgplay } = await differential(suite, play(`
    - name: subnet
      amazon.aws.ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24, az: eu-central-1a, tags: { Name: a } }
      register: sn
    - name: subnet again
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24, tags: { Name: a } }
    - name: map_public and tags
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24, map_public: true, tags: { Name: a, tier: public } }
    - name: map_public defaults to false (changes back)
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24 }
    - name: second subnet, map_public at create
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.2.0/24, az: eu-central-1b, map_public: true }
    - name: delete
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24, state: absent }
    - name: delete again
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.1.0/24, state: absent }
    - name: outside the VPC range
      ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.99.0.0/24, az: eu-central-1a }
      ignore_errors: true
`));
    assert.deepEqual(pgplay.tasks.slice(1).map((t) => t.status), ['changed', 'ok', 'changed', 'changed', 'changed', 'changed', 'ok', 'failed']);
  });

  it('ec2_vpc_igw lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: vpcSetup,
      create: `    - ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", tags: { Name: gw, env: a } }\n`,
      modify: `    - ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", tags: { Name: gw, env: b } }\n`,
      absent: `    - ec2_vpc_igw: { vpc_id: "{{ vpc.vpc.id }}", state: absent }\n`,
      idOf: (r) => String(r['gateway_id']),
      snapshot: (id) => igwSnapshot(suite.ec2(), id),
      expectCreated: (s) => assert.deepEqual(s['tags'], { Name: 'gw', env: 'a' }),
      expectModified: (s) => assert.deepEqual(s['tags'], { Name: 'gw', env: 'b' }),
    });
  });

  it('ec2_vpc_subnet lifecycle against emulator snapshots', async () => {
    await proveLifecycle(suite, {
      setup: vpcSetup,
      create: `    - ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.3.0/24, az: eu-central-1a, tags: { Name: s } }\n`,
      modify: `    - ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.3.0/24, map_public: true, tags: { Name: s, tier: web } }\n`,
      absent: `    - ec2_vpc_subnet: { vpc_id: "{{ vpc.vpc.id }}", cidr: 10.20.3.0/24, state: absent }\n`,
      idOf: (r) => String((r['subnet'] as Record<string, unknown>)['id']),
      snapshot: (id) => subnetSnapshot(suite.ec2(), id),
      expectCreated: (s) => assert.equal(s['map_public_ip_on_launch'], false),
      expectModified: (s) => {
        assert.equal(s['map_public_ip_on_launch'], true);
        assert.deepEqual(s['tags'], { Name: 's', tier: 'web' });
      },
    });
  });
});
