/**
 * The AWS plumbing every AWS module is built from (exported as `aws` from @pgplay/modules for
 * tests and for modules written outside this package):
 *   defineAwsModule  — connection options, group/aws, controller-side, aliases
 *   awsClient        — a shared SDK client for the task's connection (cached per run)
 *   awsSend          — one call: throttling retries with backoff, AWS errors → task failures
 *   tags             — compare/apply as compare_aws_tags / ensure_ec2_tags do
 *   camelDictToSnakeDict, resourceDiff, Unknown (from the module API) for check mode
 */
export { defineAwsModule, type AwsModuleSpec } from './define-aws-module.js';
export { awsConnectionArgs, resolveConnection, moduleEnv, type AwsConnection, type AwsConnectionArgs } from './connection.js';
export { awsClient, ec2Sdk, s3Sdk, iamSdk, stsSdk, elbv2Sdk, type AwsService } from './clients.js';
export { awsSend, backoffMs, operationName, type SendOptions } from './call.js';
export { awsFailure, awsErrorInfo, botocoreText, isAwsCode, THROTTLING_CODES } from './errors.js';
export { compareTags, compareEc2Tags, applyTagChanges, tagChangesEmpty, tagListToDict, tagDictToList, tagSpecifications, tagArgs, pyStr, type TagChanges, type TagDict } from './tags.js';
export { applyEc2Tags, filterList } from './ec2-tags.js';
export { camelToSnake, camelDictToSnakeDict, plainValue, pyIsoformat } from './snake.js';
export { resourceDiff } from './diff.js';
export { guardAwsEndpoint, isLoopbackHost } from './network-guard.js';
export { importedKeyFingerprints } from './ssh-key-fingerprint.js';
export { policiesDiffer, policyValue } from './policy.js';
export { ipv4Network, isIpv4Cidr, isIpv6Cidr, cidrStaticCheck } from './cidr.js';
