/**
 * A debug counter of what a run asks of its SSH hosts, for the host benchmark
 * (bench/hosts): with PGPLAY_DEBUG_ROUNDTRIPS=<file> set, every SSH connection made, command
 * channel opened (one remote command each) and SFTP request sent is counted, and the totals
 * are written to <file> as JSON when the process exits. Off (and free) otherwise.
 */
import { writeFileSync } from 'node:fs';
import type { SFTPWrapper } from 'ssh2';

export interface WireStats {
  connects: number;
  /** Session channels opened: one remote command each (channel open + exec + exit status). */
  execs: number;
  /** Commands run on the resident shell (resident-shell.ts): one round trip each, no channel. */
  residentCommands: number;
  /** File probes answered by the host's resident Python server (native-coprocess.ts): one round trip each, no process started. */
  nativeRequests: number;
  /** Of those, the ones it answered (not declined), by op ('files', 'text'): tests tell a silent fallback to sh by it. */
  nativeAnswers: Record<string, number>;
  sftpSessions: number;
  /** SFTP requests (open, read, write, fstat, fchmod, close, rename, …): one round trip each. */
  sftpRequests: number;
}

const file = process.env['PGPLAY_DEBUG_ROUNDTRIPS'];
export const wireStats: WireStats | undefined = file ? { connects: 0, execs: 0, residentCommands: 0, nativeRequests: 0, nativeAnswers: {}, sftpSessions: 0, sftpRequests: 0 } : undefined;
if (file && wireStats) process.once('exit', () => writeFileSync(file, `${JSON.stringify(wireStats)}\n`));

const SFTP_REQUESTS = ['open', 'close', 'read', 'write', 'fstat', 'fchmod', 'fchown', 'stat', 'lstat', 'unlink', 'rename', 'ext_openssh_rename', 'readdir', 'opendir', 'mkdir', 'realpath', 'readlink', 'setstat', 'fsetstat'] as const;

/** Counts the session's requests (readFile and the like call these methods on the instance). */
export function countSftp(s: SFTPWrapper): SFTPWrapper {
  if (!wireStats) return s;
  wireStats.sftpSessions++;
  const obj = s as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const m of SFTP_REQUESTS) {
    const orig = obj[m];
    if (typeof orig !== 'function') continue;
    obj[m] = (...a: unknown[]) => {
      wireStats.sftpRequests++;
      return orig.apply(s, a);
    };
  }
  return s;
}
