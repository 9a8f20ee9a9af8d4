/**
 * module.deprecate() as the collections call it: each call appends one entry to the result's
 * `deprecations` (AnsibleModule keeps no set, so a message deprecated twice is listed twice).
 * Argument-driven deprecations are declared by a module's `deprecations` hook (define-aws-module.ts)
 * and attached to whatever the task returns, failures included, because the collections call
 * deprecate() before the work that can fail.
 */
import type { ModuleResult } from '@pgplay/engine/module-api';

export interface AwsDeprecation {
  msg: string;
  date: string;
  collection_name: string;
}

/** module.deprecate(msg, date=…, collection_name="amazon.aws") */
export function amazonDeprecation(msg: string, date: string): AwsDeprecation {
  return { msg, date, collection_name: 'amazon.aws' };
}

/** `res` with `deps` appended to its deprecations (the result itself when there are none). */
export function withDeprecations(res: ModuleResult, deps: readonly AwsDeprecation[]): ModuleResult {
  if (!deps.length) return res;
  const had = Array.isArray(res['deprecations']) ? (res['deprecations'] as unknown[]) : [];
  return { ...res, deprecations: [...deps, ...had] };
}
