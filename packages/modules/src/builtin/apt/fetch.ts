// Downloads on the target, as ansible's fetch_file/open_url do from the module's side: with apt's
// own HTTP method (apt-helper, present wherever apt is), so nothing but apt is needed there.
import { ModuleFailure, sh, type ModuleContext } from '@pgplay/engine/module-api';

/** Fetches `url` to `dest` on the target; throws `what` + apt's error line on failure. `insecure`: validate_certs false. */
export async function fetchOnTarget(ctx: ModuleContext, url: string, dest: string, what: string, insecure = false): Promise<void> {
  const opts = insecure ? ['-o', 'Acquire::https::Verify-Peer=false', '-o', 'Acquire::https::Verify-Host=false'] : [];
  const r = await ctx.host.exec(sh`/usr/lib/apt/apt-helper ${opts} download-file ${url} ${dest} 2>&1 && chmod 0644 ${dest}`);
  if (r.rc !== 0) throw new ModuleFailure(`${what}${(/E: (.*)/.exec(r.stdout)?.[1] ?? r.stdout).trim()}`);
}

/** The temporary-directory helper, or a clear failure on connections without one. */
export function withTemp<T>(ctx: ModuleContext, fn: (dir: string) => Promise<T>): Promise<T> {
  if (!ctx.host.withTempDir) throw new ModuleFailure('this connection has no temporary directory for a download');
  return ctx.host.withTempDir(fn);
}
