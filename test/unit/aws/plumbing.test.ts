// The AWS plumbing other AWS modules build on: connection resolution (options, the collection's
// environment fallbacks, shared files), tags, camel→snake, and retries against a real HTTP
// server that answers as EC2 does (throttling, then success; access denied; dependency violation).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleContext } from '@pgplay/engine/module-api';
import { aws } from '@pgplay/modules';

const { resolveConnection, compareTags, compareEc2Tags, tagListToDict, pyStr, camelToSnake, camelDictToSnakeDict, pyIsoformat, awsClient, awsSend, importedKeyFingerprints } = aws;

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** A module context whose environment is exactly `env` (process.env is shadowed key by key). */
function ctxWith(env: Record<string, string>): ModuleContext {
  const cache = new Map<string, unknown>();
  const blank = Object.fromEntries(Object.keys(process.env).filter((k) => /^(AWS_|EC2_)/.test(k)).map((k) => [k, '']));
  return {
    env: { ...blank, HOME: '/nonexistent-home', ...env },
    clients: { get: <T>(k: string, make: () => T): T => (cache.has(k) ? cache.get(k) : cache.set(k, make()).get(k)) as T },
    signal: new AbortController().signal,
    log: { debug() {}, warn() {} },
  } as unknown as ModuleContext;
}

describe('aws plumbing: connection options', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pgplay-aws-conf-'));
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s1\n[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s2\n');
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\nendpoint_url = http://127.0.0.1:1\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = () => ({ AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), AWS_CONFIG_FILE: join(dir, 'config') });

  it('options win over environment, environment over the shared files', () => {
    const env = { ...files(), AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'e', AWS_REGION: 'us-west-2' };
    const c = resolveConnection({ access_key: 'AKIAOPT', secret_key: 'o', region: 'eu-north-1' }, ctxWith(env), 'ec2', 'm');
    assert.deepEqual([c.credentials.accessKeyId, c.region], ['AKIAOPT', 'eu-north-1']);
    const e = resolveConnection({}, ctxWith(env), 'ec2', 'm');
    assert.deepEqual([e.credentials.accessKeyId, e.region], ['AKIAENV', 'us-west-2']);
    const f = resolveConnection({}, ctxWith(files()), 'ec2', 'm');
    assert.deepEqual([f.credentials.accessKeyId, f.region, f.endpoint], ['AKIADEFAULT', 'eu-west-1', undefined]);
  });
  it('the collection\'s legacy variables (EC2_REGION, AWS_ACCESS_KEY, EC2_URL) and AWS_ENDPOINT_URL_<SERVICE>', () => {
    const c = resolveConnection({}, ctxWith({ AWS_ACCESS_KEY: 'AKIALEGACY', AWS_SECRET_KEY: 'x', EC2_REGION: 'sa-east-1', EC2_URL: 'http://127.0.0.1:2' }), 'ec2', 'm');
    assert.deepEqual([c.credentials.accessKeyId, c.region, c.endpoint], ['AKIALEGACY', 'sa-east-1', 'http://127.0.0.1:2']);
    const s = resolveConnection({}, ctxWith({ ...files(), AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:3', AWS_ENDPOINT_URL: 'http://127.0.0.1:4' }), 'sts', 'm');
    assert.equal(s.endpoint, 'http://127.0.0.1:3');
  });
  it('a profile (option or AWS_PROFILE) reads its section of both files', () => {
    const c = resolveConnection({ profile: 'dev' }, ctxWith(files()), 'ec2', 'm');
    assert.deepEqual([c.credentials.accessKeyId, c.region, c.endpoint], ['AKIADEV', 'ap-south-1', 'http://127.0.0.1:1']);
    const e = resolveConnection({}, ctxWith({ ...files(), AWS_PROFILE: 'dev' }), 'ec2', 'm');
    assert.equal(e.credentials.accessKeyId, 'AKIADEV');
  });
  it('fails as the collection does: profile plus keys, unknown profile, no credentials, no region', () => {
    assert.throws(() => resolveConnection({ profile: 'dev', access_key: 'A' }, ctxWith(files()), 'ec2', 'm'), /Passing both a profile and access tokens is not supported\./);
    assert.throws(() => resolveConnection({ profile: 'nope' }, ctxWith(files()), 'ec2', 'm'), /The config profile \(nope\) could not be found/);
    assert.throws(() => resolveConnection({ region: 'x' }, ctxWith({}), 'ec2', 'm'), /Unable to locate credentials/);
    assert.throws(() => resolveConnection({ access_key: 'A', secret_key: 'B' }, ctxWith({}), 'ec2', 'amazon.aws.ec2_vpc_net'), /The amazon\.aws\.ec2_vpc_net module requires a region and none was found/);
  });
  it('clients are made once per service + region + endpoint + credentials', async () => {
    const ctx = ctxWith({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
    const a = await awsClient('ec2', { region: 'eu-central-1' }, ctx, 'm');
    const b = await awsClient('ec2', { region: 'eu-central-1' }, ctx, 'm');
    const c = await awsClient('ec2', { region: 'us-east-1' }, ctx, 'm');
    const d = await awsClient('ec2', { region: 'eu-central-1', secret_key: 'other' }, ctx, 'm');
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.notEqual(a, d);
  });
  it('PGPLAY_AWS_LOOPBACK_ONLY refuses public AWS and non-loopback endpoints before a client exists', async () => {
    const base = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B', PGPLAY_AWS_LOOPBACK_ONLY: '1' };
    await assert.rejects(awsClient('ec2', { region: 'eu-central-1' }, ctxWith(base), 'm'), /refusing to contact the public AWS ec2 endpoint/);
    await assert.rejects(awsClient('ec2', { region: 'eu-central-1', endpoint_url: 'http://10.1.2.3:5000' }, ctxWith(base), 'm'), /refusing to contact 10\.1\.2\.3:5000/);
  });
  it('the engine network guard (PGPLAY_ALLOWED_NETS) refuses an endpoint outside it, and public AWS, before a client exists', async () => {
    const base = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' };
    const saved = process.env.PGPLAY_ALLOWED_NETS;
    process.env.PGPLAY_ALLOWED_NETS = '127.0.0.0/8';
    try {
      await assert.rejects(awsClient('ec2', { region: 'eu-central-1', endpoint_url: 'http://192.0.2.7:5000' }, ctxWith(base), 'm'), /network guard: refusing the AWS ec2 endpoint 192\.0\.2\.7:5000 to 192\.0\.2\.7: the address is outside PGPLAY_ALLOWED_NETS/);
      await assert.rejects(awsClient('s3', { region: 'eu-central-1' }, ctxWith(base), 'm'), /network guard: refusing the public AWS s3 endpoint/);
      assert.ok(await awsClient('ec2', { region: 'eu-central-1', endpoint_url: 'http://127.0.0.1:9' }, ctxWith(base), 'm'));
    } finally {
      if (saved === undefined) delete process.env.PGPLAY_ALLOWED_NETS;
      else process.env.PGPLAY_ALLOWED_NETS = saved;
    }
  });
});

describe('aws plumbing: tags, names, keys', () => {
  it('compare_aws_tags: only what the user set, purge, aws: tags kept, values as str()', () => {
    assert.deepEqual(compareTags({ a: '1', b: '2', 'aws:x': 'y' }, { a: 1, c: true }, true), { set: { c: 'True' }, unset: ['b'] });
    assert.deepEqual(compareTags({ a: '1', b: '2' }, { a: '2' }, false), { set: { a: '2' }, unset: [] });
    assert.deepEqual(compareTags({ a: '1' }, null, true), { set: {}, unset: [] });
    assert.deepEqual(compareEc2Tags({ a: '1', 'aws:x': 'y' }, {}, true), { set: {}, unset: ['a', 'aws:x'] });
    assert.deepEqual(tagListToDict([{ Key: 'k', Value: 'v' }]), { k: 'v' });
    assert.equal(pyStr(1.5), '1.5');
  });
  it('camel_dict_to_snake_dict as ansible has it', () => {
    assert.equal(camelToSnake('TargetGroupARNs'), 'target_group_arns');
    assert.equal(camelToSnake('IpPermissionsEgress'), 'ip_permissions_egress');
    assert.equal(camelToSnake('CidrBlockAssociationSet'), 'cidr_block_association_set');
    assert.equal(camelToSnake('HTTPEndpoint'), 'http_endpoint');
    assert.deepEqual(camelDictToSnakeDict({ Tags: [{ Key: 'A' }], VpcId: 'v' }, ['Tags']), { tags: [{ Key: 'A' }], vpc_id: 'v' });
    assert.equal(pyIsoformat(new Date('2024-01-02T03:04:05.678Z')), '2024-01-02T03:04:05.678000+00:00');
    assert.equal(pyIsoformat(new Date('2024-01-02T03:04:05Z')), '2024-01-02T03:04:05+00:00');
  });
  it('imported key fingerprints: parse OpenSSH keys (agreement with EC2/moto is shown in test/aws/ec2-key)', () => {
    const rsa = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC3dCBgBtiUm5ONxS4pl4GnzsshHmmhdtJUfBPjC3ga0gB1hSUj1zFJ8kzUJQg6Gm/xDu/jWXO4uDfU2Ndh9RJmdWQqP3w3QTE8qMAUfBM0bVZe9jiQ7RPQDF5Dw8Kt8Zj3EuhpwFc6ryxKQOeTUy5tI8qJzy6Xs6k2Xzp5xeaNfQ==';
    const fp = importedKeyFingerprints(rsa);
    assert.ok(fp && /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/.test(fp[0]!));
    assert.equal(importedKeyFingerprints('not a key'), undefined);
  });
});

describe('aws plumbing: retries and error mapping against an HTTP server that answers as EC2', function () {
  this.timeout(120_000);
  let server: Server;
  let url: string;
  let plan: { status: number; code?: string }[] = [];
  let seen = 0;
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen++;
        const step = plan.shift() ?? { status: 200 };
        res.setHeader('content-type', 'text/xml');
        if (step.status === 200) {
          res.end('<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>');
        } else {
          res.statusCode = step.status;
          res.end(`<Response><Errors><Error><Code>${step.code}</Code><Message>${step.code} happened</Message></Error></Errors><RequestID>r</RequestID></Response>`);
        }
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));

  const client = async () => {
    const ctx = ctxWith({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' });
    return awsClient('ec2', { region: 'eu-central-1', endpoint_url: url }, ctx, 'm');
  };
  const describe = async () => new (await import('@aws-sdk/client-ec2')).DescribeVpcsCommand({});

  it('throttling is retried with backoff until it succeeds', async () => {
    plan = Array.from({ length: 4 }, () => ({ status: 503, code: 'RequestLimitExceeded' }));
    seen = 0;
    const r = await awsSend<{ Vpcs?: { VpcId?: string }[] }>(await client(), await describe());
    assert.equal(r.Vpcs?.[0]?.VpcId, 'vpc-0123456789abcdef0');
    assert.equal(seen, 5);
  });
  it('access denied fails at once, with the collection\'s message shape and a hint', async () => {
    plan = [{ status: 403, code: 'UnauthorizedOperation' }];
    seen = 0;
    await assert.rejects(awsSend(await client(), await describe(), { what: 'Failed to describe VPCs' }), (e: Error & { result?: Record<string, unknown> }) => {
      assert.equal(e.message, 'Failed to describe VPCs: An error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation: UnauthorizedOperation happened');
      assert.match(String(e.result?.['hint']), /not allowed/);
      assert.deepEqual(e.result?.['error'], { code: 'UnauthorizedOperation', message: 'UnauthorizedOperation happened' });
      return true;
    });
    assert.equal(seen, 1);
  });
  it('a dependency violation names the resource (from the caller) and says what to do; absentCodes give undefined', async () => {
    plan = [{ status: 400, code: 'DependencyViolation' }];
    await assert.rejects(awsSend(await client(), await describe(), { what: 'Failed to delete VPC vpc-1' }), (e: Error & { result?: Record<string, unknown> }) => {
      assert.match(e.message, /^Failed to delete VPC vpc-1: An error occurred \(DependencyViolation\)/);
      assert.match(String(e.result?.['hint']), /dependent objects/);
      return true;
    });
    plan = [{ status: 400, code: 'InvalidVpcID.NotFound' }];
    assert.equal(await awsSend(await client(), await describe(), { absentCodes: ['InvalidVpcID.NotFound'] }), undefined);
  });
});
