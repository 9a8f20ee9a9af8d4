/**
 * Listeners as amazon.aws module_utils/elbv2.py ELBListeners compares them: matched by port;
 * protocol and default actions compared (actions sorted by Order, a ForwardConfig that only
 * repeats TargetGroupArn pruned); unmatched current listeners deleted when purge_listeners.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Listener } from '@aws-sdk/client-elastic-load-balancing-v2';
import { plainValue } from './snake.js';

export type Action = Record<string, unknown>;
export interface ListenerSpec {
  Protocol: string;
  Port: number;
  DefaultActions: Action[];
  SslPolicy?: string;
  Certificates?: Record<string, unknown>[];
}
export interface ListenerModify {
  ListenerArn: string;
  Port: number;
  Protocol?: string;
  DefaultActions?: Action[];
}
export interface ListenerChanges {
  add: ListenerSpec[];
  modify: ListenerModify[];
  delete: string[];
}

/** _simple_forward_config_arn: the one target group a ForwardConfig names, or false. */
function simpleForwardArn(config: Record<string, unknown>, parentArn: unknown): unknown {
  const c = { ...config };
  const stickiness = c['TargetGroupStickinessConfig'] ?? { Enabled: false };
  delete c['TargetGroupStickinessConfig'];
  if (!isDeepStrictEqual(stickiness, { Enabled: false })) return false;
  const groups = (c['TargetGroups'] as Record<string, unknown>[] | undefined) ?? [];
  delete c['TargetGroups'];
  if (Object.keys(c).length || groups.length > 1) return false;
  if (!groups.length) return parentArn || false;
  const { Weight: _w, TargetGroupArn: arn, ...rest } = groups[0]!;
  if (Object.keys(rest).length) return false;
  if (!(arn || parentArn)) return false;
  if (!parentArn) return arn;
  if (!arn) return parentArn;
  return parentArn === arn ? arn : false;
}

/** _prune_ForwardConfig */
function pruneForwardConfig(action: Action): Action {
  if (action['Type'] !== 'forward' || !('ForwardConfig' in action)) return action;
  const arn = simpleForwardArn(action['ForwardConfig'] as Record<string, unknown>, action['TargetGroupArn']);
  if (!arn) return action;
  const { ForwardConfig: _f, ...rest } = action;
  return { ...rest, TargetGroupArn: arn };
}

const sortActions = (a: Action[]): Action[] => [...a].sort((x, y) => Number(x['Order'] ?? 0) - Number(y['Order'] ?? 0));

/** _compare_listener: what to modify, or undefined. */
function compareListener(cur: Listener, want: ListenerSpec): Omit<ListenerModify, 'ListenerArn' | 'Port'> | undefined {
  const out: Omit<ListenerModify, 'ListenerArn' | 'Port'> = {};
  if (cur.Protocol !== want.Protocol) out.Protocol = want.Protocol;
  const curActions = (plainValue(cur.DefaultActions ?? []) as Action[]);
  if (curActions.length !== want.DefaultActions.length
    || !isDeepStrictEqual(sortActions(curActions).map(pruneForwardConfig), sortActions(want.DefaultActions).map(pruneForwardConfig))) {
    out.DefaultActions = want.DefaultActions;
  }
  return Object.keys(out).length ? out : undefined;
}

/** compare_listeners */
export function compareListeners(current: readonly Listener[], wanted: readonly ListenerSpec[], purge: boolean): ListenerChanges {
  const add = [...wanted];
  const modify: ListenerModify[] = [];
  const del: string[] = [];
  for (const cur of current) {
    const match = wanted.find((w) => w.Port === cur.Port);
    if (match) {
      add.splice(add.indexOf(match), 1);
      const m = compareListener(cur, match);
      if (m) modify.push({ ...m, Port: cur.Port!, ListenerArn: cur.ListenerArn! });
    } else if (purge) {
      del.push(cur.ListenerArn!);
    }
  }
  return { add, modify, delete: del };
}
