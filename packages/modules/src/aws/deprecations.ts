/**
 * module.deprecate() as the collections call it: each call appends one entry to the result's
 * `deprecations` (AnsibleModule keeps no set, so a message deprecated twice is listed twice).
 * Argument-driven deprecations are declared by a module's `deprecations` hook (define-aws-module.ts)
 * and attached to whatever the task returns, failures included, because the collections call
 * deprecate() before the work that can fail.
 */
import type { ModuleContext, ModuleResult } from '@pgplay/engine/module-api';
import { moduleEnv } from './connection.js';

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

const OLD_ENV = ['EC2_REGION', 'EC2_SECURITY_TOKEN', 'EC2_SECRET_KEY', 'EC2_ACCESS_KEY', 'EC2_URL', 'S3_URL'];

/**
 * AnsibleAWSModule.__init__'s deprecations, made by every amazon.aws and community.aws module
 * before its own: for the boto-era variables being set at all (empty counts) in the module's
 * environment.
 */
export function environmentDeprecations(ctx: Pick<ModuleContext, 'env'>): AwsDeprecation[] {
  const env = moduleEnv(ctx);
  const set = (name: string) => env[name] !== undefined;
  const out: AwsDeprecation[] = [];
  if (OLD_ENV.some(set)) {
    out.push(amazonDeprecation(
      "Support for the 'EC2_REGION', 'EC2_ACCESS_KEY', 'EC2_SECRET_KEY', 'EC2_SECURITY_TOKEN', 'EC2_URL', and 'S3_URL' environment variables has been deprecated.  " +
        'These variables are currently used for all AWS services which can cause confusion.  We recomend using the relevant module ' +
        "parameters or alternatively the 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', and 'AWS_URL' environment variables can be used instead.",
      '2024-12-01',
    ));
  }
  if (set('AWS_SECURITY_TOKEN')) {
    out.push(amazonDeprecation(
      "Support for the 'AWS_SECURITY_TOKEN' environment variable has been deprecated.  This variable was based on the original boto SDK, support for which has now been dropped.  " +
        "We recommend using the 'session_token' module parameter or alternatively the 'AWS_SESSION_TOKEN' environment variable can be used instead.",
      '2024-12-01',
    ));
  }
  return out;
}
