/**
 * Matching with a time limit. JavaScript regexes backtrack like Python's, so `(a+)+$` on a long
 * non-matching text runs for ages in both. Patterns the translator marks risky (repeated
 * variable-length groups) run on long texts in a worker thread; the caller waits synchronously
 * (Atomics.wait) and a run past the limit ends the worker and fails the template cleanly.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { TemplateError } from '../../errors.js';
import type { CompiledPattern } from './translate.js';
import { pyMatchAll, type RawMatch } from './py-iterate.js';

/** Texts shorter than this cannot backtrack long enough to matter, even for risky patterns. */
const SHORT_TEXT = 24;
export const REGEX_TIME_LIMIT_MS = 5000;

interface Guard {
  worker: Worker;
  flag: Int32Array;
  replies: MessagePort;
}
let guard: Guard | null = null;

function startGuard(): Guard {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { flag, port: port2 }, transferList: [port2] });
  worker.unref();
  port1.unref();
  return { worker, flag, replies: port1 };
}

/** All matches (like String.prototype.matchAll), at most `limit`. */
export function matchAllGuarded(pat: CompiledPattern, text: string, limit = Infinity): RegExpExecArray[] {
  if (!pat.risky || text.length < SHORT_TEXT) return pyMatchAll(pat.regex, text, limit, pat.emptyFirst).map((m) => toExec(m, text));
  guard ??= startGuard();
  const g = guard;
  Atomics.store(g.flag, 0, 0);
  g.worker.postMessage({ source: pat.regex.source, flags: pat.regex.flags, text, limit: Number.isFinite(limit) ? limit : 2 ** 31, emptyFirst: pat.emptyFirst });
  if (Atomics.wait(g.flag, 0, 0, REGEX_TIME_LIMIT_MS) === 'timed-out') {
    void g.worker.terminate();
    guard = null;
    throw new TemplateError('template-runtime', `regular expression ${JSON.stringify(pat.pattern)} did not finish within ${REGEX_TIME_LIMIT_MS / 1000} s (catastrophic backtracking)`);
  }
  const reply = receiveMessageOnPort(g.replies)?.message as { matches: RawMatch[]; error: string | null };
  if (reply.error) throw new TemplateError('template-runtime', reply.error);
  return reply.matches.map((m) => toExec(m, text));
}

function toExec(m: RawMatch, text: string): RegExpExecArray {
  return Object.assign(m.groups, { index: m.index, input: text }) as unknown as RegExpExecArray;
}
