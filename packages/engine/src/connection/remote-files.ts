/**
 * File helpers shared by the remote and the become'd local connection: `stat` read with one
 * command (GNU stat on Debian/Ubuntu), and ansible's private temp directory
 * (`~/.ansible/tmp/ansible-tmp-<time>-<pid>-<random>`, mode 0700), removed when done, also on failure.
 */
import type { ExecResult, StatResult } from '../module-api.js';
import { ModuleFailure } from '../module-api.js';
import { sh, type ShellCommand } from './sh.js';
import type { RawResult } from './channel.js';

export const STAT_COMMAND = (path: string): ShellCommand =>
  sh`if [ -e ${path} ] || [ -L ${path} ]; then stat -c '%f %u %g %s %.9Y %U %G' -- ${path} && { [ ! -L ${path} ] || readlink -- ${path}; }; else echo missing; fi`;

export function parseStat(r: RawResult, path: string): StatResult {
  const out = r.stdout.toString('utf8');
  if (r.rc !== 0) throw new ModuleFailure(`cannot stat ${path}: ${r.stderr.toString('utf8').trim()}`);
  const [line, link] = out.split('\n');
  if (line === 'missing') return { exists: false };
  const [rawMode, uid, gid, size, mtime, owner, group] = line!.split(' ');
  const m = parseInt(rawMode!, 16);
  const fmt = m & 0o170000;
  const type = fmt === 0o120000 ? 'link' : fmt === 0o040000 ? 'directory' : fmt === 0o100000 ? 'file' : 'other';
  return {
    exists: true, type, mode: (m & 0o7777).toString(8).padStart(4, '0'), uid: Number(uid), gid: Number(gid), owner: owner!, group: group!,
    size: Number(size), mtime: Number(mtime), ...(type === 'link' ? { linkTarget: link ?? '' } : {}),
  };
}

let counter = 0;

export interface TempDirOptions {
  /** The login user (who makes the directory, as ansible's _make_tmp_path does: sudoable=False). */
  loginUser: string;
  /** The become user, when it is an unprivileged one other than the login user. */
  unprivilegedBecome?: string;
}

const BECOME_LINK = 'https://docs.ansible.com/ansible-core/2.16/playbook_guide/playbooks_privilege_escalation.html';

/**
 * ansible's remote temp directory: `~/.ansible/tmp/ansible-tmp-<time>-<pid>-<random>` made with
 * umask 77 by the login user; when becoming an unprivileged user, in the system temp dir
 * (/var/tmp) and handed to that user (_fixup_perms2: chown when the login user is root, else an
 * ACL). Removed when `fn` is done, also when it throws.
 */
export async function withPrivateTempDir<T>(exec: (cmd: ShellCommand) => Promise<ExecResult>, opts: TempDirOptions, fn: (dir: string) => Promise<T>): Promise<T> {
  const name = `ansible-tmp-${(Date.now() / 1000).toFixed(4)}-${process.pid}-${Math.floor(Math.random() * 1e15) + counter++}`;
  const system = opts.unprivilegedBecome !== undefined;
  const r = system
    ? await exec(sh`( umask 77 && mkdir -p /var/tmp && mkdir /var/tmp/${name} && echo ansible-tmp=\`cd /var/tmp/${name} && pwd -P\` )`)
    : await exec(sh`( umask 77 && mkdir -p "\` echo ~/.ansible/tmp \`" && mkdir "\` echo ~/.ansible/tmp/${name} \`" && echo ansible-tmp=\`cd ~/.ansible/tmp/${name} && pwd -P\` )`);
  const dir = /ansible-tmp=(.*)/.exec(r.stdout)?.[1]?.trim();
  if (r.rc !== 0 || !dir) {
    const shown = system ? `( umask 77 && mkdir -p /var/tmp && mkdir /var/tmp/${name} )` : `( umask 77 && mkdir -p ~/.ansible/tmp && mkdir ~/.ansible/tmp/${name} )`;
    throw new ModuleFailure(`Failed to create temporary directory. In some cases, you may have been able to authenticate and did not have permissions on the target directory. Consider changing the remote tmp path in ansible.cfg to a path rooted in "/tmp", for more error information use -vvv. Failed command was: ${shown}, exited with result ${r.rc}`);
  }
  try {
    if (opts.unprivilegedBecome !== undefined) {
      const user = opts.unprivilegedBecome;
      const g = await exec(opts.loginUser === 'root' ? sh`chown ${user} ${dir}` : sh`setfacl -m u:${user}:rwx ${dir}`);
      if (g.rc !== 0) {
        throw new ModuleFailure(`Failed to set permissions on the temporary files Ansible needs to create when becoming an unprivileged user (rc: ${g.rc}, err: ${g.stderr}}). For information on working around this, see ${BECOME_LINK}#risks-of-becoming-an-unprivileged-user`);
      }
    }
    return await fn(dir);
  } finally {
    await exec(sh`rm -f -r ${dir} > /dev/null 2>&1`).catch(() => undefined);
  }
}

/** Runs one command, with or without the connection's become. */
export interface CommandRunner {
  run(cmd: ShellCommand, opts: { stdin?: string | Buffer; become: boolean; resident?: boolean }): Promise<RawResult>;
}

export function moduleFailure(r: RawResult): ModuleFailure {
  return new ModuleFailure('MODULE FAILURE\nSee stdout/stderr for the exact error', {
    module_stdout: r.stdout.toString('utf8'), module_stderr: r.stderr.toString('utf8'), rc: r.rc,
  });
}

/**
 * Writes a file through a become'd command's input: temp file in the destination directory,
 * then rename. The byte count check keeps a stream cut short (interrupt, dropped connection)
 * from being renamed into place; the temp file is removed on any failure.
 */
export async function putViaCommand(r: CommandRunner, data: Buffer, remotePath: string, tmp: string, mode: string): Promise<void> {
  const res = await r.run(sh`umask 077 && cat > ${tmp} && test "$(wc -c < ${tmp})" -eq ${data.length} && chmod ${mode} ${tmp} && mv -f ${tmp} ${remotePath} || { rc=$?; rm -f ${tmp}; exit $rc; }`, { become: true, stdin: data });
  if (res.becomeFailed) throw moduleFailure(res);
  if (res.rc !== 0) throw new ModuleFailure(`cannot write ${remotePath}: ${res.stderr.toString('utf8').trim() || `exit code ${res.rc}`}`);
}

export async function readViaCommand(r: CommandRunner, path: string): Promise<Buffer | null> {
  const res = await r.run(sh`if [ -e ${path} ]; then cat -- ${path}; else exit 3; fi`, { become: true });
  if (res.becomeFailed) throw moduleFailure(res);
  if (res.rc === 3) return null;
  if (res.rc !== 0) throw new ModuleFailure(`cannot read ${path}: ${res.stderr.toString('utf8').trim()}`);
  return res.stdout;
}

export async function statViaCommand(r: CommandRunner, path: string): Promise<StatResult> {
  const res = await r.run(STAT_COMMAND(path), { become: true, resident: true });
  if (res.becomeFailed) throw moduleFailure(res);
  return parseStat(res, path);
}
