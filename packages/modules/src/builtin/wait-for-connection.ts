/**
 * ansible.builtin.wait_for_connection (an action plugin in ansible): until `timeout`, try a
 * trivial command on the host ("ping module test"); the SSH connection is made afresh on each try
 * when it is down. A failure is ansible's "timed out waiting for ping module test: <last error>".
 * Skipped under --check with ansible's bare `skipped` result.
 */
import { defineModule, sh, type ModuleContext } from '@pgplay/engine/module-api';

interface WaitForConnectionArgs {
  connect_timeout: number;
  delay: number;
  sleep: number;
  timeout: number;
}

const pause = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  if (ms <= 0 || signal.aborted) return resolve();
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => {
    clearTimeout(t);
    resolve();
  }, { once: true });
});

async function ping(ctx: ModuleContext, connectTimeoutS: number): Promise<void> {
  const r = await ctx.host.exec(sh`echo pong`, { timeoutMs: Math.max(1, connectTimeoutS) * 1000 + 30_000 });
  if (r.stdout.trim() !== 'pong') throw new Error('ping test failed');
}

export default defineModule<WaitForConnectionArgs>({
  name: 'ansible.builtin.wait_for_connection',
  aliases: ['wait_for_connection'],
  doc: { short: 'Waits until the remote system is reachable/usable' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      connect_timeout: { type: 'integer', default: 5, description: 'Seconds to wait for one try.' },
      delay: { type: 'integer', default: 0, description: 'Seconds to wait before the first try.' },
      sleep: { type: 'integer', default: 1, description: 'Seconds between tries.' },
      timeout: { type: 'integer', default: 600, description: 'Maximum number of seconds to wait for.' },
    },
  },
  returns: { elapsed: { description: 'Seconds waited', returned: 'always', type: 'int' } },
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    if (ctx.check) return { changed: false, result: { skipped: true } };
    const start = Date.now();
    await pause(a.delay * 1000, ctx.signal);
    const end = start + a.delay * 1000 + a.timeout * 1000;
    let error: unknown = null;
    let ok = false;
    while (Date.now() < end && !ctx.signal.aborted) {
      try {
        await ping(ctx, a.connect_timeout);
        ok = true;
        break;
      } catch (e) {
        error = e;
        await pause(a.sleep * 1000, ctx.signal);
      }
    }
    const elapsed = Math.floor((Date.now() - start) / 1000);
    if (ok) return { changed: false, result: { elapsed } };
    const why = error instanceof Error ? error.message : String(error);
    return { changed: false, result: { failed: true, msg: `timed out waiting for ping module test: ${why}`, elapsed } };
  },
  async apply() {
    return { changed: false };
  },
});
