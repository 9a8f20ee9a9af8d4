/**
 * Where AWS traffic may go. The engine-side allowed-networks check (issue 6, branch `ssh`) is
 * not merged yet; until it is, this is the one hook every AWS client passes through before it is
 * made:
 *   - when the engine offers a guard on the module context (`ctx.network.assertAllowed`), it decides;
 *   - with PGPLAY_AWS_LOOPBACK_ONLY=1 (set by every test harness), only an explicit loopback
 *     endpoint is allowed, so a test can never reach real AWS or a host moto invented.
 */
import { ModuleFailure, type ModuleContext } from '@pgplay/engine/module-api';

interface NetworkGuard {
  assertAllowed(host: string, port: number, why: string): void;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export function guardAwsEndpoint(ctx: ModuleContext, env: Record<string, string | undefined>, endpoint: string | undefined, service: string): void {
  const guard = (ctx as ModuleContext & { network?: NetworkGuard }).network;
  const url = endpoint ? new URL(endpoint) : undefined;
  if (guard && url) guard.assertAllowed(url.hostname, Number(url.port || (url.protocol === 'https:' ? 443 : 80)), `AWS ${service} endpoint`);
  if (env['PGPLAY_AWS_LOOPBACK_ONLY'] === '1' && (!url || !isLoopbackHost(url.hostname))) {
    throw new ModuleFailure(
      `refusing to contact ${url ? url.host : `the public AWS ${service} endpoint`}: PGPLAY_AWS_LOOPBACK_ONLY=1 allows only a loopback endpoint_url`,
    );
  }
}
