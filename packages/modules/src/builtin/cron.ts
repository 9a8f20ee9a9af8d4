import { defineModule, sh, ModuleFailure, type ModuleResult, type Diff } from '@pgplay/engine/module-api';
import { sections } from './users/accounts.js';
import { CronLines, readUserCrontab, splitLines } from './users/crontab-edit.js';
import { cronSchema, type CronArgs } from './users/cron-args.js';
import { missingExecutable } from './users/bin-path.js';
import { expandTildes } from './util/remote-path.js';

interface Actions {
  /** Absolute cron file, or null for the user's crontab. */
  file: string | null;
  /** `-u user` for crontab, when the user is not the one running it. */
  crontabUser: string | null;
  content: string;
  removeFile: boolean;
  backup: string | null;
  result: ModuleResult;
}



/** ansible.builtin.cron: jobs and variables in a user's crontab or a file in /etc/cron.d, read in one command. */
export default defineModule<CronArgs, Actions>({
  name: 'ansible.builtin.cron',
  aliases: ['cron'],
  doc: { short: 'Manage cron.d and crontab entries', description: 'Adds, changes and removes "#Ansible: <name>" jobs and environment variables in crontabs.' },
  args: cronSchema,
  returns: {
    jobs: { description: 'Names of the jobs in the crontab afterwards.', returned: 'unless a cron file was removed', type: 'list' },
    envs: { description: 'Names of the variables afterwards.', returned: 'unless a cron file was removed', type: 'list' },
    cron_file: { description: 'The cron_file option.', returned: 'when cron_file is given', type: 'str' },
    backup_file: { description: 'Where the crontab was saved before the change.', returned: 'when backup and changed', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  async plan(args, ctx) {
    const a = await expandTildes(ctx, args, ['cron_file']);
    const warnings: string[] = [];
    if (a.cron_file !== undefined) {
      if (a.cron_file === '/etc/crontab') throw new ModuleFailure('Will not manage /etc/crontab via cron_file, see documentation.');
      const base = a.cron_file.replace(/.*\//, '');
      if (!/^[A-Z0-9_-]+$/i.test(base)) warnings.push(`Filename portion of cron_file ("${base}") should consist solely of upper- and lower-case letters, digits, underscores, and hyphens`);
    }
    const file = a.cron_file === undefined ? null : a.cron_file.startsWith('/') ? a.cron_file : `/etc/cron.d/${a.cron_file}`;
    const read = file === null
      ? sh`if [ -n "$U" ] && [ "$U" != "$(id -un)" ]; then set -- -u "$U"; echo @W; echo "$U"; else set --; echo @W; fi
t=$(mktemp) || exit 1; crontab "$@" -l >"$t" 2>/dev/null; r=$?; echo @R; echo "$r"; echo @C; base64 -w0 "$t"; echo; rm -f "$t"`
      : sh`echo @C; [ -f ${file} ] && echo file && base64 -w0 ${file}; echo`;
    const r = await ctx.host.exec(sh`U=${a.user ?? ''}
echo @B; command -v crontab || echo; echo @PATH; printf '%s\\n' "$PATH"
${read}`);
    const s = sections(r.stdout);
    if (!(s.get('B') ?? '').trim()) throw new ModuleFailure(missingExecutable('crontab', s.get('PATH') ?? ''));
    let lines: string[];
    let existing: string;
    let isFile = false;
    if (file === null) {
      const rc = Number((s.get('R') ?? '').trim());
      if (rc !== 0 && rc !== 1) throw new ModuleFailure('Unable to read crontab');
      ({ lines, existing } = readUserCrontab(Buffer.from((s.get('C') ?? '').trim(), 'base64').toString('utf8')));
    } else {
      const [flag = '', b64 = ''] = (s.get('C') ?? '').split('\n');
      isFile = flag === 'file';
      existing = Buffer.from(b64, 'base64').toString('utf8');
      lines = splitLines(existing);
    }
    const crontabUser = file === null ? ((s.get('W') ?? '').trim() || null) : null;
    const tab = new CronLines(lines);
    const header = file ?? (a.user ? `crontab for user "${a.user}"` : 'crontab');
    const diff: Diff = { before: existing, before_header: header };
    const backup = a.backup && !ctx.check ? tab.render() : null;
    const fields = [a.minute, a.hour, a.day, a.month, a.weekday];
    if (a.special_time && fields.some((x) => x !== '*')) throw new ModuleFailure('You must specify time and date fields or special time.');
    const install = a.state === 'present';
    if (install) {
      if (file !== null && !a.user) throw new ModuleFailure('To use cron_file=... parameter you must specify user=... as well');
      if (a.job === undefined) throw new ModuleFailure("You must specify 'job' to install a new cron job or variable");
      if ((a.insertafter || a.insertbefore) && !a.env) throw new ModuleFailure('Insertafter and insertbefore parameters are valid only with env=yes');
    }
    let changed = false;
    const act = (result: ModuleResult, removeFile = false): Actions => ({ file, crontabUser, content: tab.render(), removeFile, backup, result });
    if (a.env) {
      if (a.name.includes(' ')) throw new ModuleFailure('Invalid name for environment variable');
      const decl = `${a.name}="${a.job}"`;
      const old = tab.findEnv(a.name);
      if (install) {
        if (!old.length) { tab.addEnv(decl, a.insertafter, a.insertbefore); changed = true; }
        if (old.length && old[1] !== decl) { tab.updateEnv(a.name, decl); changed = true; }
      } else if (old.length) { tab.updateEnv(a.name, null); changed = true; }
    } else if (install) {
      const job0 = a.job!;
      if (/[\r\n]/.test(job0.replace(/^[\r\n]+|[\r\n]+$/g, ''))) warnings.push('Job should not contain line breaks');
      const job = cronJob(a, file !== null);
      const old = tab.findJob(a.name, job);
      if (!old.length) { tab.addJob(a.name, job); changed = true; }
      if (old.length && old[1] !== job) { tab.updateJob(a.name, job); changed = true; }
      if (old.length > 2) { tab.updateJob(a.name, job); changed = true; }
    } else {
      const old = tab.findJob(a.name);
      if (old.length) {
        tab.updateJob(a.name, null);
        changed = true;
        if (file !== null && tab.isEmpty()) {
          const d = ctx.diff ? { ...diff, after: '', after_header: '/dev/null' } : {};
          const result: ModuleResult = { changed: isFile, cron_file: a.cron_file, state: a.state, diff: d, ...(warnings.length ? { warnings } : {}) };
          return { changed: isFile, actions: act(result, true), result };
        }
      }
    }
    if (!changed && existing !== '' && !/[\r\n]$/.test(existing)) changed = true;
    const result: ModuleResult = { jobs: tab.jobNames(), envs: tab.envNames(), ...(warnings.length ? { warnings } : {}), changed };
    const after = { ...diff, after: tab.render(), after_header: header };
    if (a.cron_file !== undefined) result.cron_file = a.cron_file;
    return { changed, ...(changed ? { diff: after } : {}), actions: act(result), result };
  },
  async apply(plan, ctx) {
    const { file, crontabUser, content, removeFile, backup, result } = plan.actions!;
    const saveBackup = backup === null ? sh`` : sh`b=$(mktemp "\${TMPDIR:-/tmp}/crontabXXXXXXXX") && printf '%s' ${backup} > "$b" && echo "@BACKUP $b"
`;
    let cmd;
    if (removeFile) cmd = sh`${saveBackup}rm -f -- ${file!}`;
    else if (file !== null) cmd = sh`${saveBackup}f=${file}; t=$(mktemp "$(dirname -- "$f")/.ansible_tmpXXXXXX") || exit 1
if [ -e "$f" ]; then chmod --reference="$f" "$t"; chown --reference="$f" "$t"; else chmod 0644 "$t"; fi
cat > "$t" && mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 1; }`;
    else cmd = sh`${saveBackup}t=$(mktemp "\${TMPDIR:-/tmp}/crontabXXXXXXXX") || exit 1; chmod 0644 "$t"; cat > "$t"
crontab ${crontabUser ? ['-u', crontabUser] : []} "$t" >/dev/null; r=$?; rm -f "$t"; exit $r`;
    const r = await ctx.host.exec(cmd, { stdin: content });
    if (r.rc !== 0) throw new ModuleFailure(r.stderr);
    const b = /^@BACKUP (.*)$/m.exec(r.stdout);
    return { ...result, ...(b ? { backup_file: b[1] } : {}) };
  },
});

/** CronTab.get_cron_job. */
function cronJob(a: CronArgs, withUser: boolean): string {
  const job = a.job!.replace(/^[\r\n]+|[\r\n]+$/g, '');
  const off = a.disabled ? '#' : '';
  const user = withUser ? ` ${a.user}` : '';
  if (a.special_time) return `${off}@${a.special_time}${user} ${job}`;
  return `${off}${a.minute} ${a.hour} ${a.day} ${a.month} ${a.weekday}${user} ${job}`;
}
