import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { missingExecutable } from './users/bin-path.js';

interface SudoersArgs {
  name: string;
  commands?: string[];
  user?: string;
  group?: string;
  noexec: boolean;
  nopassword: boolean;
  setenv: boolean;
  host: string;
  runas?: string;
  sudoers_path: string;
  state: 'present' | 'absent';
  validation: 'absent' | 'detect' | 'required';
}

interface Actions {
  file: string;
  content: string | null;
}

/** Sudoers.content(): one rule line. */
function ruleLine(a: SudoersArgs): string {
  // Python raises UnboundLocalError for `owner` when neither user nor group is given
  if (!a.user && !a.group) throw new ModuleFailure("cannot access local variable 'owner' where it is not associated with a value");
  const owner = a.user ? a.user : `%${a.group}`;
  const runas = a.runas !== undefined ? `(${a.runas})` : '';
  return `${owner} ${a.host}=${runas}${a.noexec ? 'NOEXEC:' : ''}${a.nopassword ? 'NOPASSWD:' : ''}${a.setenv ? 'SETENV:' : ''} ${(a.commands ?? []).join(', ')}\n`;
}

/** os.path.join(sudoers_path, name). */
const join = (dir: string, name: string) => (name.startsWith('/') ? name : dir === '' || dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`);

/** community.general.sudoers (8.6 as pinned): one rule per file in /etc/sudoers.d, checked with visudo. */
export default defineModule<SudoersArgs, Actions>({
  name: 'community.general.sudoers',
  doc: { short: 'Manage sudoers files', description: 'Writes (mode 0440) or removes one sudoers rule file; the rule is validated by visudo before it is written.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', description: 'The name of the sudoers rule; also the file name.' },
      commands: { type: 'array', items: { type: 'string' }, description: 'The commands allowed by the rule (ALL for all commands).' },
      user: { type: 'string', description: 'The user of the rule (not with group).' },
      group: { type: 'string', description: 'The group of the rule (not with user).' },
      noexec: { type: 'boolean', default: false, description: 'Prevent the commands from running further commands (NOEXEC:).' },
      nopassword: { type: 'boolean', default: true, description: 'No password needed (NOPASSWD:).' },
      setenv: { type: 'boolean', default: false, description: 'Allow keeping the environment (SETENV:).' },
      host: { type: 'string', default: 'ALL', description: 'The host the rule is for.' },
      runas: { type: 'string', description: 'The target user the commands run as.' },
      sudoers_path: { type: 'string', default: '/etc/sudoers.d', description: 'The directory of the rule files.' },
      state: { type: 'string', enum: ['present', 'absent'], default: 'present', description: 'Whether the rule should exist.' },
      validation: { type: 'string', enum: ['absent', 'detect', 'required'], default: 'detect', description: 'absent: no check; detect: visudo -c when visudo exists; required: visudo must exist.' },
    },
    'x-mutually-exclusive': [['user', 'group']],
    'x-required-if': [['state', 'present', ['commands']]],
  },
  returns: {},
  capabilities: { check: 'full', diff: 'none' },
  async plan(a, ctx) {
    const file = join(a.sudoers_path, a.name);
    if (a.state === 'absent') {
      const r = await ctx.host.exec(sh`[ -e ${file} ]`);
      return r.rc === 0 ? { changed: true, actions: { file, content: null }, result: {} } : { changed: false, result: {} };
    }
    const content = ruleLine(a);
    // One command: visudo's verdict on the rule (as the module validates before comparing), the file's mode and text.
    const check = a.validation === 'absent' ? sh`echo skip`
      : sh`v=$(command -v visudo || { for d in /sbin /usr/sbin /usr/local/sbin; do [ -x "$d/visudo" ] && echo "$d/visudo" && break; done; })
if [ -z "$v" ]; then echo ${a.validation === 'required' ? 'missing' : 'skip'}; printf '%s\\n' "$PATH"; else printf '%s' "$1" | "$v" -c -f - 2>/dev/null; printf '\\n@R%s\\n' "$?"; fi`;
    const r = await ctx.host.exec(sh`set -- ${content}
echo @V; ${check}
echo @M; stat -L -c %a ${file} 2>/dev/null
echo @C; [ -f ${file} ] && base64 -w0 ${file}; true`);
    const parts = r.stdout.split(/^@[VMC]$\n?/m);
    const verdict = (parts[1] ?? '').replace(/\n$/, '');
    if (verdict.startsWith('missing\n')) throw new ModuleFailure(missingExecutable('visudo', verdict.slice(8)));
    const m = /^([\s\S]*)\n@R(\d+)$/.exec(verdict);
    if (m && m[2] !== '0') throw new ModuleFailure(`Failed to validate sudoers rule:\n${m[1]}`);
    const mode = (parts[2] ?? '').trim();
    const current = (parts[3] ?? '').trim();
    const same = mode === '440' && Buffer.from(current, 'base64').toString('utf8') === content;
    return same ? { changed: false, result: {} } : { changed: true, actions: { file, content }, result: {} };
  },
  async apply(plan, ctx) {
    const { file, content } = plan.actions!;
    if (content === null) {
      const r = await ctx.host.exec(sh`rm -- ${file}`);
      if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim());
      return {};
    }
    await ctx.host.put(content, file, { mode: '0440' });
    return {};
  },
});
