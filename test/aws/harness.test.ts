// The emulator harness itself and amazon.aws.aws_caller_info, the smallest AWS module: proves
// the plumbing (connection options, env fallbacks, module_defaults group/aws, clients) end to end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { differential, useMoto } from './support/suite.js';
import { awsPlay } from './support/play.js';
import { runAws, explain } from './support/sides.js';
import { MOTO_ACCOUNT } from '../harness/moto/moto.js';

describe('aws: moto harness', function () {
  this.timeout(180_000);
  const suite = useMoto();

  it('serves on loopback with fake credentials, temporary AWS files and metadata disabled', async () => {
    const { moto } = suite;
    assert.match(moto.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(moto.env['AWS_EC2_METADATA_DISABLED'], 'true');
    assert.equal(moto.env['AWS_ENDPOINT_URL'], moto.url);
    assert.match(readFileSync(moto.env['AWS_SHARED_CREDENTIALS_FILE']!, 'utf8'), /\[default\]/);
    const r = await suite.ec2().send(new DescribeRegionsCommand({}));
    assert.ok((r.Regions ?? []).some((x) => x.RegionName === 'eu-central-1'));
  });

  it('aws_caller_info: same result as the collection, region from module_defaults group/aws', async () => {
    const pb = awsPlay(`
    - name: who
      amazon.aws.aws_caller_info:
      register: who
    - name: short name and explicit options
      aws_caller_info:
        aws_region: us-east-1
        aws_access_key_id: AKIAOTHERKEY00000000
        aws_secret_access_key: other
`);
    const { pgplay } = await differential(suite, pb);
    assert.equal(pgplay.tasks[0]!.result['account'], MOTO_ACCOUNT);
  });

  it("no region anywhere: the collection's message", async () => {
    const pb = `
- hosts: localhost
  gather_facts: false
  tasks:
    - amazon.aws.aws_caller_info:
      environment: { AWS_CONFIG_FILE: /dev/null }
`;
    const r = await runAws('pgplay', suite.moto, pb);
    assert.equal(r.tasks[0]?.status, 'failed', explain(r));
    assert.match(String(r.tasks[0]?.result['msg']), /requires a region and none was found in configuration, environment variables or module parameters/);
  });

  it('a non-loopback endpoint is refused before any request (network guard hook)', async () => {
    const pb = `
- hosts: localhost
  gather_facts: false
  tasks:
    - amazon.aws.aws_caller_info:
        region: eu-central-1
        endpoint_url: http://192.0.2.1:5000
`;
    const r = await runAws('pgplay', suite.moto, pb);
    assert.equal(r.tasks[0]?.status, 'failed', explain(r));
    assert.match(String(r.tasks[0]?.result['msg']), /refusing to contact 192\.0\.2\.1:5000/);
  });

  it('reset drops every resource', async () => {
    const { CreateVpcCommand, DescribeVpcsCommand } = await import('@aws-sdk/client-ec2');
    await suite.ec2().send(new CreateVpcCommand({ CidrBlock: '10.9.0.0/16' }));
    await suite.moto.reset();
    const r = await suite.ec2().send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.9.0.0/16'] }] }));
    assert.deepEqual(r.Vpcs, []);
  });
});
