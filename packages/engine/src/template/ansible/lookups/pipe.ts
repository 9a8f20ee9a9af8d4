/** lookup('pipe') and lookup('lines'): `/bin/sh -c term` in the playbook directory. */
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import type { CallContext, LookupFn } from '../../types.js';
import { lookupAnsibleError, lookupUnsupported, toText } from '../util.js';
import { pyRstrip } from './search.js';

function run(ctx: CallContext, term: string, plugin: string): string {
  const r = spawnSync('/bin/sh', ['-c', term], { cwd: ctx.options.cwd ?? process.cwd(), stdio: ['pipe', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw lookupAnsibleError(`lookup_plugin.${plugin}(${term}) failed: ${r.error.message}`);
  // Python reports death by signal N as returncode -N.
  const rc = r.status ?? (r.signal ? -(constants.signals[r.signal] ?? 1) : 0);
  if (rc !== 0) throw lookupAnsibleError(`lookup_plugin.${plugin}(${term}) returned ${rc}`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(r.stdout);
  } catch {
    throw lookupUnsupported(`'utf-8' codec can't decode the output of lookup_plugin.${plugin}(${term})`);
  }
}

export const pipeLookup: LookupFn = (ctx, terms) => terms.map((t) => pyRstrip(run(ctx, toText(t), 'pipe')));

/** str.splitlines() line boundaries. */
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export const linesLookup: LookupFn = (ctx, terms) =>
  terms.flatMap((t) => {
    const out = run(ctx, toText(t), 'lines');
    const lines = out.split(LINE_BREAK);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines;
  });
