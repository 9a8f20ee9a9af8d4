/**
 * Where AWS traffic may go; every AWS client passes through here before it is made.
 *   - The engine's network guard (PGPLAY_ALLOWED_NETS, on in every test run): the endpoint's name
 *     is resolved and every address checked before the SDK opens a socket. Without an explicit
 *     endpoint_url the SDK would go to public AWS, which no allowed range can contain, so that is
 *     refused without even resolving the name.
 *   - PGPLAY_AWS_LOOPBACK_ONLY=1 (set by the moto harness) narrows it further to loopback, so a
 *     test can never reach a host moto invented, even one inside the allowed ranges.
 */
import { ALLOWED_NETS_VAR, ModuleFailure, NetworkGuardError, resolveAllowed } from '@pgplay/engine/module-api';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

export async function guardAwsEndpoint(env: Record<string, string | undefined>, endpoint: string | undefined, service: string): Promise<void> {
  const url = endpoint ? new URL(endpoint) : undefined;
  if (env['PGPLAY_AWS_LOOPBACK_ONLY'] === '1' && (!url || !isLoopbackHost(url.hostname))) {
    throw new ModuleFailure(
      `refusing to contact ${url ? url.host : `the public AWS ${service} endpoint`}: PGPLAY_AWS_LOOPBACK_ONLY=1 allows only a loopback endpoint_url`,
    );
  }
  if (process.env[ALLOWED_NETS_VAR] === undefined) return;
  if (!url) throw new ModuleFailure(`network guard: refusing the public AWS ${service} endpoint: ${ALLOWED_NETS_VAR} is set and no endpoint_url inside it was given`);
  try {
    await resolveAllowed(url.hostname.replace(/^\[|\]$/g, ''), `the AWS ${service} endpoint ${url.host}`);
  } catch (e) {
    if (e instanceof NetworkGuardError) throw new ModuleFailure(e.message);
    throw e;
  }
}
