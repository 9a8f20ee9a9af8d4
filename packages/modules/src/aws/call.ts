/**
 * Every AWS call goes through `awsSend`: jittered exponential backoff for throttling (and for the
 * eventual-consistency codes a module names, like the collections' `catch_extra_error_codes`),
 * and AWS errors turned into task failures that say what was being done.
 */
import { awsErrorInfo, awsFailure, THROTTLING_CODES } from './errors.js';

/** The minimal shape of an SDK v3 client and command. */
export interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface SendOptions {
  /** Prefix of the failure message (the collections' `msg=`). */
  what?: string;
  /** Extra codes retried like throttling (eventual consistency right after a create). */
  retryCodes?: readonly string[];
  /** Attempts in all (the collections' jittered_backoff default: 10 retries). */
  attempts?: number;
  signal?: AbortSignal;
  /** Return undefined instead of failing on these codes (a lookup that may find nothing). */
  absentCodes?: readonly string[];
}

/** The operation name botocore prints: the command class without "Command". */
export function operationName(command: object): string {
  return command.constructor.name.replace(/Command$/, '');
}

/** Waits ms, or rejects when the task is cancelled. Backoff between retries, never used by tests. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(t); reject(signal?.reason as Error); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Full-jitter backoff as AWSRetry.jittered_backoff: random(0, min(cap, base * 2^attempt)). */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 60_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export async function awsSend<Out>(client: SdkClient, command: object, opts: SendOptions = {}): Promise<Out> {
  const attempts = opts.attempts ?? 11;
  const op = operationName(command);
  for (let attempt = 0; ; attempt++) {
    try {
      return (await client.send(command, opts.signal ? { abortSignal: opts.signal } : undefined)) as Out;
    } catch (e) {
      const info = awsErrorInfo(e, op);
      if (info && opts.absentCodes?.includes(info.code)) return undefined as Out;
      const retryable = info !== undefined && (THROTTLING_CODES.has(info.code) || (opts.retryCodes ?? []).includes(info.code));
      if (!retryable || attempt + 1 >= attempts) throw awsFailure(e, op, opts.what);
      await pause(backoffMs(attempt), opts.signal);
    }
  }
}
