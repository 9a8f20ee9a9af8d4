/** ensure_ec2_tags as steps a plan can carry and apply can run (CreateTags / DeleteTags). */
import type { ModuleContext } from '@pgplay/engine/module-api';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { awsSend } from './call.js';
import { ec2Sdk } from './clients.js';
import { pyRepr } from './py-repr.js';
import { pyStr, tagDictToList, type TagChanges } from './tags.js';

/** Applies tag changes to one EC2 resource; `retryCodes` for a resource created a moment ago. */
export async function applyEc2Tags(ec2: EC2Client, resourceId: string, changes: TagChanges, ctx: ModuleContext, retryCodes: string[] = []): Promise<void> {
  const { CreateTagsCommand, DeleteTagsCommand } = await ec2Sdk();
  if (changes.unset.length) {
    await awsSend(ec2, new DeleteTagsCommand({ Resources: [resourceId], Tags: changes.unset.map((Key) => ({ Key })) }), {
      what: `Unable to delete tags ${pyRepr(changes.unset)} from ${resourceId}`, retryCodes, signal: ctx.signal,
    });
  }
  if (Object.keys(changes.set).length) {
    await awsSend(ec2, new CreateTagsCommand({ Resources: [resourceId], Tags: tagDictToList(changes.set) }), {
      what: `Unable to add tags ${pyRepr(changes.set)} to ${resourceId}`, retryCodes, signal: ctx.signal,
    });
  }
}

/** ansible_dict_to_boto3_filter_list: `{name: value or list}` to EC2 Filters. */
export function filterList(filters: Record<string, unknown>): { Name: string; Values: string[] }[] {
  // Booleans as str(v).lower(), numbers as str(v), lists element by element (their str()).
  const one = (x: unknown): string => (typeof x === 'boolean' ? String(x) : typeof x === 'string' ? x : pyStr(x));
  return Object.entries(filters).map(([Name, v]) => ({ Name, Values: (Array.isArray(v) ? v : [v]).map(one) }));
}
