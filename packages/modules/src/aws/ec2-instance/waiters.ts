/**
 * await_instances: botocore's EC2 waiters (instance_exists, _running, _stopped, _terminated,
 * _status_ok) with the module's WaiterConfig (Delay 15 s, wait_timeout // 15 attempts). A waiter
 * that gives up is a warning, not a failure, as in the collection.
 */
import type { Reservation } from '@aws-sdk/client-ec2';
import { awsErrorInfo } from '../errors.js';
import { ec2Sdk } from '../clients.js';
import type { InstanceState } from './args.js';
import type { Io } from './lookups.js';

type Waiter = 'instance_exists' | 'instance_status_ok' | 'instance_running' | 'instance_stopped' | 'instance_terminated';

const WAITER: Record<InstanceState, Waiter> = {
  present: 'instance_exists', started: 'instance_status_ok', running: 'instance_running', stopped: 'instance_stopped',
  restarted: 'instance_status_ok', rebooted: 'instance_running', terminated: 'instance_terminated', absent: 'instance_terminated',
};
/** Success state and terminal failure states of the state waiters. */
const STATES: Partial<Record<Waiter, { ok: string; fail: string[] }>> = {
  instance_running: { ok: 'running', fail: ['shutting-down', 'terminated', 'stopping'] },
  instance_stopped: { ok: 'stopped', fail: ['pending', 'terminated'] },
  instance_terminated: { ok: 'terminated', fail: ['pending', 'stopping'] },
};

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(t); reject(signal.reason as Error); };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** One poll: 'ok', 'retry' or a failure text. */
async function poll(io: Io, ids: string[], waiter: Waiter): Promise<'ok' | 'retry' | string> {
  const sdk = await ec2Sdk();
  try {
    if (waiter === 'instance_status_ok') {
      const r = await io.ec2.send(new sdk.DescribeInstanceStatusCommand({ InstanceIds: ids }), { abortSignal: io.ctx.signal });
      const st = (r.InstanceStatuses ?? []).map((s) => s.InstanceStatus?.Status);
      return st.length > 0 && st.every((s) => s === 'ok') ? 'ok' : 'retry';
    }
    const r = await io.ec2.send(new sdk.DescribeInstancesCommand({ InstanceIds: ids }), { abortSignal: io.ctx.signal });
    const res: Reservation[] = r.Reservations ?? [];
    if (waiter === 'instance_exists') return res.length > 0 ? 'ok' : 'retry';
    const names = res.flatMap((x) => x.Instances ?? []).map((i) => i.State?.Name ?? '');
    const { ok, fail } = STATES[waiter]!;
    if (names.length > 0 && names.every((n) => n === ok)) return 'ok';
    const bad = names.find((n) => fail.includes(n));
    return bad ? `Waiter encountered a terminal failure state: For expression "Reservations[].Instances[].State.Name" we matched expected path: "${bad}" at least once` : 'retry';
  } catch (e) {
    if (awsErrorInfo(e, '')?.code === 'InvalidInstanceID.NotFound') return 'retry';
    throw e;
  }
}

export async function awaitInstances(io: Io, ids: string[], state: InstanceState, opts: { force?: boolean; check: boolean }): Promise<void> {
  if (!io.args.wait && !opts.force) return;
  if (opts.check || ids.length === 0) return;
  const waiter = WAITER[state];
  const attempts = Math.floor((io.args.wait_timeout ?? 600) / 15);
  const idText = ids.join(', ');
  if (attempts < 1) throw new Error(`Invalid WaiterConfig: MaxAttempts must be at least 1. Error waiting for instances ${idText} to reach state ${waiter}`);
  for (let i = 1; ; i++) {
    const r = await poll(io, ids, waiter);
    if (r === 'ok') return;
    if (r !== 'retry' || i >= attempts) {
      io.ctx.log.warn(`Instances ${idText} took too long to reach state ${waiter}. ${r === 'retry' ? 'Waiter ' + waiter + ' failed: Max attempts exceeded' : r}`);
      return;
    }
    await delay(15_000, io.ctx.signal);
  }
}
