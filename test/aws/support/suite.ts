/** One moto per mocha suite (started in `before`, stopped in `after`), reset before every case. */
import { EC2Client } from '@aws-sdk/client-ec2';
import { startMoto, type Moto, type MotoOptions } from '../../harness/moto/moto.js';
import { runAws, explain, type PlaybookRun } from './sides.js';
import { assertSameRuns } from './compare.js';

export interface MotoSuite {
  readonly moto: Moto;
  /** An SDK client on the emulator, for reading state back independently of pgplay. */
  ec2(region?: string): EC2Client;
}

// The SDK's notice that its 2027 releases need Node 22 is noise in test output.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

export function useMoto(opts: MotoOptions = {}): MotoSuite {
  let moto: Moto | undefined;
  const clients = new Map<string, EC2Client>();
  before(async function () {
    this.timeout(120_000);
    moto = await startMoto(opts);
  });
  after(async () => {
    for (const c of clients.values()) c.destroy();
    await moto?.stop();
  });
  return {
    get moto(): Moto {
      if (!moto) throw new Error('moto is not running (use inside a suite with useMoto())');
      return moto;
    },
    ec2(region = 'eu-central-1'): EC2Client {
      let c = clients.get(region);
      if (!c) {
        const m = this.moto;
        c = new EC2Client({ region, endpoint: m.url, credentials: { accessKeyId: m.env['AWS_ACCESS_KEY_ID']!, secretAccessKey: m.env['AWS_SECRET_ACCESS_KEY']! } });
        clients.set(region, c);
      }
      return c;
    },
  };
}

/** The differential check: ansible-playbook and pgplay on fresh emulator state each. */
export async function differential(suite: MotoSuite, playbook: string, opts: { args?: string[]; files?: Record<string, string> } = {}): Promise<{ ansible: PlaybookRun; pgplay: PlaybookRun }> {
  await suite.moto.reset();
  const ansible = await runAws('ansible', suite.moto, playbook, opts);
  await suite.moto.reset();
  const pgplay = await runAws('pgplay', suite.moto, playbook, opts);
  assertSameRuns(ansible, pgplay, explain);
  return { ansible, pgplay };
}
