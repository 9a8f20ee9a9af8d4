/**
 * The shape every AWS module shares: the connection options (doc fragments `common` + `region`)
 * beside its own, the `aws` action group for `module_defaults: {group/aws: …}`, controller-side
 * execution, and short names + the collection's redirects as aliases.
 */
import { defineModule, type JSONSchema, type ModuleDefinition } from '@pgplay/engine/module-api';
import { awsConnectionArgs, type AwsConnectionArgs } from './connection.js';

export interface AwsModuleSpec<Args, Actions> extends Omit<ModuleDefinition<Args & AwsConnectionArgs, Actions>, 'args' | 'groups' | 'capabilities'> {
  /** The module's own options (the connection options are added). */
  options: Record<string, JSONSchema>;
  /** Relations between options (x-mutually-exclusive, x-required-if …) and `required`. */
  relations?: Partial<JSONSchema>;
  capabilities: { check: 'full' | 'partial' | 'none'; diff: 'full' | 'partial' | 'none' };
}

export function defineAwsModule<Args, Actions>(spec: AwsModuleSpec<Args, Actions>): ModuleDefinition<Args & AwsConnectionArgs, Actions> {
  const { options, relations, capabilities, ...rest } = spec;
  return defineModule<Args & AwsConnectionArgs, Actions>({
    ...rest,
    groups: ['amazon.aws.aws'],
    args: { type: 'object', additionalProperties: false, properties: { ...options, ...awsConnectionArgs }, ...relations },
    capabilities: { ...capabilities, runsOn: 'controller' },
  });
}
