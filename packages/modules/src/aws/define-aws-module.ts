/**
 * The shape every AWS module shares: the connection options (doc fragments `common` + `region`)
 * beside its own, the `aws` action group for `module_defaults: {group/aws: …}`, controller-side
 * execution, and short names + the collection's redirects as aliases.
 */
import { containsUnknown, defineModule, isUnknown, ModuleFailure, Unknown, type JSONSchema, type ModuleContext, type ModuleDefinition, type ModuleResult, type Plan } from '@pgplay/engine/module-api';
import { awsConnectionArgs, type AwsConnectionArgs } from './connection.js';
import { resourceDiff } from './diff.js';
import { environmentDeprecations, withDeprecations, type AwsDeprecation } from './deprecations.js';

/** How an Unknown reaches a module: as itself, or as its text once an option converted it to str. */
const UNKNOWN_TEXT = String(Unknown);
function hasUnknown(v: unknown): boolean {
  if (v === UNKNOWN_TEXT || isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v && typeof v === 'object') return containsUnknown(v) || Object.values(v).some(hasUnknown);
  return false;
}

export interface AwsModuleSpec<Args, Actions> extends Omit<ModuleDefinition<Args & AwsConnectionArgs, Actions>, 'args' | 'groups' | 'capabilities'> {
  /** The module's own options (the connection options are added). */
  options: Record<string, JSONSchema>;
  /** Relations between options (x-mutually-exclusive, x-required-if …) and `required`. */
  relations?: Partial<JSONSchema>;
  capabilities: { check: 'full' | 'partial' | 'none'; diff: 'full' | 'partial' | 'none' };
  /**
   * Check mode, when an option is only known after apply (the ID of a VPC an earlier task would
   * create): the resource cannot exist yet, so it would be created (or, for state=absent, there
   * is nothing to delete). Returns the predicted result keys; AWS is not asked.
   */
  unknownResult?(args: Args & AwsConnectionArgs): ModuleResult;
  /** The diff label of the resource ("subnet"). */
  kind?: string;
  /**
   * The module.deprecate() calls the collection makes for these arguments (a deprecated option,
   * a legacy value), in the collection's order. They ride on every result of the task: plan's
   * (check mode, nothing to do), apply's, and a ModuleFailure's (`failed`: the module stopped
   * at the failure, so calls it would have made later are not made).
   */
  deprecations?(args: Args & AwsConnectionArgs, ctx: ModuleContext, failed: boolean): AwsDeprecation[];
}

export function defineAwsModule<Args, Actions>(spec: AwsModuleSpec<Args, Actions>): ModuleDefinition<Args & AwsConnectionArgs, Actions> {
  const { options, relations, capabilities, unknownResult, kind, deprecations, ...rest } = spec;
  const planOf = async (args: Args & AwsConnectionArgs, ctx: ModuleContext): Promise<Plan<Actions>> => {
    if (!unknownResult || !hasUnknown(args)) return rest.plan(args, ctx);
    if ((args as { state?: string }).state === 'absent') return { changed: false, result: {}, reason: 'identified by a value known only after apply: it cannot exist yet' };
    const result = unknownResult(args);
    return { changed: true, diff: resourceDiff(kind ?? rest.name.split('.').pop()!, undefined, undefined, result), result };
  };
  // Every deprecation of the task: AnsibleAWSModule's for the environment, then the module's own.
  const deprecated = (args: Args & AwsConnectionArgs, ctx: ModuleContext, failed: boolean): AwsDeprecation[] => [...environmentDeprecations(ctx), ...(deprecations?.(args, ctx, failed) ?? [])];
  // apply gets only the plan, so the plan remembers its task's arguments.
  const planned = new WeakMap<Plan<Actions>, Args & AwsConnectionArgs>();
  const failing = (e: unknown, args: Args & AwsConnectionArgs, ctx: ModuleContext): unknown => {
    const deps = e instanceof ModuleFailure ? deprecated(args, ctx, true) : [];
    return e instanceof ModuleFailure && deps.length ? new ModuleFailure(e.message, withDeprecations(e.result, deps)) : e;
  };
  return defineModule<Args & AwsConnectionArgs, Actions>({
    ...rest,
    async plan(args, ctx) {
      try {
        const p = await planOf(args, ctx);
        const deps = deprecated(args, ctx, false);
        const out = deps.length ? { ...p, result: withDeprecations(p.result ?? {}, deps) } : p;
        planned.set(out, args);
        return out;
      } catch (e) {
        throw failing(e, args, ctx);
      }
    },
    async apply(plan, ctx): Promise<ModuleResult> {
      const args = planned.get(plan);
      if (!args) return rest.apply(plan, ctx);
      try {
        return withDeprecations(await rest.apply(plan, ctx), deprecated(args, ctx, false));
      } catch (e) {
        throw failing(e, args, ctx);
      }
    },
    groups: ['amazon.aws.aws'],
    args: { type: 'object', additionalProperties: false, properties: { ...options, ...awsConnectionArgs }, ...relations },
    capabilities: { ...capabilities, runsOn: 'controller' },
  });
}

