/** amazon.aws.aws_caller_info: who the credentials are (STS GetCallerIdentity + the account alias). */
import type { ModuleResult } from '@pgplay/engine/module-api';
import { awsSend } from '../call.js';
import { awsClient, iamSdk, stsSdk } from '../clients.js';
import { defineAwsModule } from '../define-aws-module.js';
import { camelDictToSnakeDict } from '../snake.js';

const NAME = 'amazon.aws.aws_caller_info';

export default defineAwsModule<Record<string, never>, ModuleResult>({
  name: NAME,
  aliases: ['aws_caller_info', 'community.aws.aws_caller_info', 'amazon.aws.aws_caller_facts', 'aws_caller_facts'],
  doc: { short: 'Get information about the user and account being used to make AWS calls' },
  options: {},
  returns: {
    account: { description: 'The account id the access credentials are associated with.', returned: 'success', type: 'str' },
    account_alias: { description: 'The account alias the access credentials are associated with.', returned: 'when caller has the iam:ListAccountAliases permission', type: 'str' },
    arn: { description: 'The arn identifying the user the credentials are associated with.', returned: 'success', type: 'str' },
    user_id: { description: 'The user id the access credentials are associated with.', returned: 'success', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(args, ctx) {
    const sts = await awsClient('sts', args, ctx, NAME);
    const { GetCallerIdentityCommand } = await stsSdk();
    const identity = await awsSend<Record<string, unknown>>(sts, new GetCallerIdentityCommand({}), { what: 'Failed to retrieve caller identity', signal: ctx.signal });
    const { $metadata: _meta, ...info } = identity;
    const result: ModuleResult = { changed: false, ...camelDictToSnakeDict(info) };
    // The alias needs iam:ListAccountAliases; without it the key is left out, as in the collection.
    try {
      const iam = await awsClient('iam', args, ctx, NAME);
      const { ListAccountAliasesCommand } = await iamSdk();
      const r = await awsSend<{ AccountAliases?: string[] }>(iam, new ListAccountAliasesCommand({}), { signal: ctx.signal });
      result['account_alias'] = r.AccountAliases?.[0] ?? '';
    } catch {
      /* graceful, as the collection */
    }
    return { changed: false, result };
  },
  async apply(plan) {
    return plan.result ?? { changed: false };
  },
});
