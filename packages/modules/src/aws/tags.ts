/** Tags as the collections handle them (module_utils/tagging.py): `tags` + `purge_tags`. */
import type { JSONSchema } from '@pgplay/engine/module-api';

export type TagDict = Record<string, string>;
export interface AwsTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

/** boto3_tag_list_to_ansible_dict */
export function tagListToDict(list: readonly AwsTag[] | undefined): TagDict {
  const out: TagDict = {};
  for (const t of list ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

/** ansible_dict_to_boto3_tag_list (values as Python's str() would render them). */
export function tagDictToList(tags: Record<string, unknown>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, v]) => ({ Key, Value: pyStr(v) }));
}

/** boto3_tag_specifications: tags for a resource created with them. */
export function tagSpecifications(tags: Record<string, unknown>, resourceType: string): { ResourceType: string; Tags: { Key: string; Value: string }[] }[] {
  return [{ ResourceType: resourceType, Tags: tagDictToList(tags) }];
}

/** to_text() of a tag value: Python's str() for the scalar types YAML gives. */
export function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return typeof v === 'string' ? v : String(v);
}

/** A tags option as the dict AWS will hold: values as Python's str() renders them. */
export function tagDictOf(tags: Record<string, unknown> | null | undefined): TagDict {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [k, pyStr(v)]));
}

export interface TagChanges {
  set: TagDict;
  unset: string[];
}

/**
 * compare_aws_tags: what to set and what to remove. Reserved `aws:` tags are never purged.
 * `desired` null/undefined means "tags are not managed" (no change).
 */
export function compareTags(current: TagDict, desired: Record<string, unknown> | null | undefined, purge: boolean): TagChanges {
  if (desired === null || desired === undefined) return { set: {}, unset: [] };
  const unset = purge ? Object.keys(current).filter((k) => !(k in desired) && !k.startsWith('aws:')) : [];
  const set: TagDict = {};
  for (const k of Object.keys(desired)) {
    if (unset.includes(k)) continue;
    const v = pyStr(desired[k]);
    if (current[k] !== v) set[k] = v;
  }
  return { set, unset };
}

/** ensure_ec2_tags additionally removes every tag when purging to an empty dict (aws: ones too). */
export function compareEc2Tags(current: TagDict, desired: Record<string, unknown> | null | undefined, purge: boolean): TagChanges {
  const c = compareTags(current, desired, purge);
  if (desired && purge && Object.keys(desired).length === 0) c.unset = Object.keys(current);
  return c;
}

export const tagChangesEmpty = (c: TagChanges): boolean => Object.keys(c.set).length === 0 && c.unset.length === 0;

/** The tags after the changes are applied. */
export function applyTagChanges(current: TagDict, c: TagChanges): TagDict {
  const out: TagDict = { ...current };
  for (const k of c.unset) delete out[k];
  Object.assign(out, c.set);
  return out;
}

/** The `tags` / `purge_tags` options every taggable module has. */
export const tagArgs: Record<string, JSONSchema> = {
  tags: { type: ['object', 'null'], 'x-aliases': ['resource_tags'], description: 'Tags to set; null leaves tags unmanaged, {} with purge_tags removes all.' },
  purge_tags: { type: 'boolean', default: true, description: 'Remove tags not listed in tags.' },
};
