// amazon.aws.ec2_instance_info against moto: the same instances, keys and values as the collection
// (IDs, times and addresses normalised), by filters and by IDs.
import assert from 'node:assert/strict';
import { DescribeImagesCommand, RunInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { awsPlay } from './support/play.js';
import { explain } from './support/sides.js';
import { useMoto, type MotoSuite } from './support/suite.js';
import { assertSameRuns } from './support/compare.js';
import { runAws } from './support/sides.js';

/** Two running instances tagged env=demo and one stopped; returns their IDs. */
async function launch(suite: MotoSuite): Promise<string[]> {
  const ec2 = suite.ec2();
  const image = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images![0]!.ImageId!;
  const run = async (count: number, env: string) =>
    (await ec2.send(new RunInstancesCommand({ ImageId: image, MinCount: count, MaxCount: count, InstanceType: 't3.micro', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'env', Value: env }, { Key: 'Name', Value: `pg-${env}` }] }] }))).Instances!.map((i) => i.InstanceId!);
  const demo = await run(2, 'demo');
  const [other] = await run(1, 'other');
  await ec2.send(new StopInstancesCommand({ InstanceIds: [other!] }));
  return [...demo, other!];
}

describe('aws: ec2_instance_info', function () {
  this.timeout(300_000);
  const suite = useMoto();

  it('differential: filters (tag, state), instance_ids, nothing matching', async () => {
    // Each side gets a fresh emulator with the same instances (IDs differ; normalised).
    const sides = [];
    for (const side of ['ansible', 'pgplay'] as const) {
      await suite.moto.reset();
      const ids = await launch(suite);
      sides.push(await runAws(side, suite.moto, awsPlay(`
    - name: by tag and state
      amazon.aws.ec2_instance_info:
        filters: { "tag:env": demo, instance-state-name: [running] }
    - name: by id
      ec2_instance_info: { instance_ids: ["${ids[2]}"] }
    - name: none
      ec2_instance_info: { filters: { "tag:env": nosuch } }
    - name: with attributes
      ec2_instance_info: { instance_ids: ["${ids[0]}"], include_attributes: [instanceType, disableApiTermination] }
`)));
    }
    const [ansible, pgplay] = sides as [Awaited<ReturnType<typeof runAws>>, Awaited<ReturnType<typeof runAws>>];
    assertSameRuns(ansible, pgplay, explain);
    assert.equal((pgplay.tasks[0]!.result['instances'] as unknown[]).length, 2);
    assert.deepEqual(pgplay.tasks[2]!.result['instances'], []);
  });
});
