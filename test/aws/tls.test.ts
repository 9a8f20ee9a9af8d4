// The AWS connection over TLS: moto serving HTTPS with a certificate from a CA the harness makes.
// The CA reaches both sides through AWS_CA_BUNDLE (and the aws_ca_bundle option); a wrong CA fails
// the task on both sides; validate_certs: false trusts the server without any CA.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsPlay } from './support/play.js';
import { assertSameRuns } from './support/compare.js';
import { explain, runAws } from './support/sides.js';
import { useMoto } from './support/suite.js';

/** The emulator's environment without the CA bundle, as a machine that does not know the CA. */
function withoutCa(env: Record<string, string>): Record<string, string> {
  const { AWS_CA_BUNDLE: _ca, ...rest } = env;
  return rest;
}

describe('aws: the connection over TLS (moto with a harness-made CA)', function () {
  this.timeout(600_000);
  const suite = useMoto({ tls: true });

  it('speaks HTTPS; AWS_CA_BUNDLE and aws_ca_bundle trust the CA (differential)', async () => {
    assert.match(suite.moto.url, /^https:/);
    const pb = awsPlay(`
    - name: caller over TLS, CA from AWS_CA_BUNDLE
      amazon.aws.aws_caller_info:
    - name: a VPC over TLS
      amazon.aws.ec2_vpc_net: { name: tls-net, cidr_block: 10.60.0.0/16 }
    - name: the CA given as aws_ca_bundle
      amazon.aws.ec2_vpc_net: { name: tls-net, cidr_block: 10.60.0.0/16, aws_ca_bundle: "${suite.moto.caFile}" }
`);
    const sides = [];
    for (const side of ['ansible', 'pgplay'] as const) {
      await suite.moto.reset();
      sides.push(await runAws(side, suite.moto, pb));
    }
    assertSameRuns(sides[0]!, sides[1]!, explain);
    assert.deepEqual(sides[1]!.tasks.map((t) => t.status), ['ok', 'changed', 'ok'], explain(sides[1]!));
  });

  it('fails on a CA that did not sign the server certificate, and trusts it with validate_certs: false', async () => {
    const other = mkdtempSync(join(tmpdir(), 'pgplay-other-ca-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(other, 'ca.key'), '-out', join(other, 'ca.pem'), '-days', '2', '-subj', '/CN=another CA'], { stdio: 'ignore' });
    const pb = awsPlay(`
    - name: a CA that did not sign it
      amazon.aws.aws_caller_info: { aws_ca_bundle: "${join(other, 'ca.pem')}" }
      ignore_errors: true
    - name: no CA at all, certificates not validated
      amazon.aws.aws_caller_info: { validate_certs: false }
`);
    const moto = { ...suite.moto, env: withoutCa(suite.moto.env) };
    const ansible = await runAws('ansible', moto, pb);
    const pgplay = await runAws('pgplay', moto, pb);
    const statuses = (r: typeof pgplay) => r.tasks.map((t) => `${t.task}: ${t.status}`);
    assert.deepEqual(statuses(pgplay), statuses(ansible), `${explain(ansible)}\n${explain(pgplay)}`);
    assert.deepEqual(statuses(pgplay), ['a CA that did not sign it: failed', 'no CA at all, certificates not validated: ok']);
    // The failure says what was wrong (botocore: "SSL validation failed for …").
    assert.match(String(pgplay.tasks[0]!.result['msg']), /certificate|SSL|TLS/i, explain(pgplay));
  });
});
