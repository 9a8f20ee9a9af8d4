import { defineModule, sh, ModuleFailure, type ModuleResult } from '@pgplay/engine/module-api';
import { parsePasswd, sections } from './users/accounts.js';
import { editKeys, InvalidKey } from './users/authorized-keys-edit.js';
import { expandTildes } from './util/remote-path.js';
import { parseStatLines, statLines } from './util/file-state.js';
import { pathInfo } from './util/path-info.js';

interface AuthorizedKeyArgs {
  user: string;
  key: string;
  path?: string;
  manage_dir: boolean;
  state: 'present' | 'absent';
  key_options?: string;
  exclusive: boolean;
  comment?: string;
  validate_certs: boolean;
  follow: boolean;
}

interface Actions {
  content: string;
  file: string;
  sshDir: string;
  manageDir: boolean;
  result: ModuleResult;
}

const URL_REFUSED = 'a key given as a URL is not supported by pgplay yet (it would be fetched from outside the play); give the key text';

/** ansible.posix.authorized_key (1.5 as pinned): edits ~user/.ssh/authorized_keys or `path`, byte for byte as the collection does. */
export default defineModule<AuthorizedKeyArgs, Actions>({
  name: 'ansible.posix.authorized_key',
  aliases: ['authorized_key'],
  doc: { short: 'Adds or removes an SSH authorized key', description: 'Adds or removes SSH authorized keys for a user account; the file is read and written in one command each.' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['user', 'key'],
    properties: {
      user: { type: 'string', description: 'The username on the remote host whose authorized_keys file will be modified.' },
      key: { type: 'string', description: 'The SSH public key(s), one per line (a URL is refused: not supported yet).' },
      path: { type: 'string', 'x-type': 'path', description: 'Alternative path to the authorized_keys file (default ~user/.ssh/authorized_keys).' },
      manage_dir: { type: 'boolean', default: true, description: 'Create the directory of the file and set its owner and mode (0700).' },
      state: { type: 'string', enum: ['absent', 'present'], default: 'present', description: 'Whether the given key(s) should or should not be in the file.' },
      key_options: { type: 'string', description: 'A string of ssh key options to be prepended to the key(s).' },
      exclusive: { type: 'boolean', default: false, description: 'Remove all other non-specified keys from the file.' },
      comment: { type: 'string', description: 'Change the comment on the public key(s).' },
      validate_certs: { type: 'boolean', default: true, description: 'For a key URL only; URLs are not supported yet, so it has no effect.' },
      follow: { type: 'boolean', default: false, description: 'Follow path symlinks instead of replacing them.' },
    },
  },
  returns: {
    keyfile: { description: 'Path of the authorized_keys file.', returned: 'always', type: 'str' },
    user: { description: 'The user option.', returned: 'always', type: 'str' },
    key: { description: 'The key option.', returned: 'always', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck(args, ctx) {
    const k = args['key'];
    return typeof k === 'string' && !ctx.isTemplate(k) && k.startsWith('http') ? [{ message: URL_REFUSED, option: 'key' }] : [];
  },
  async plan(args, ctx) {
    if (args.key.startsWith('http')) throw new ModuleFailure(URL_REFUSED);
    const a = await expandTildes(ctx, args, ['path']);
    const r = await ctx.host.exec(sh`u=${a.user}; p=${a.path ?? ''}
echo @P; getent passwd -- "$u"
[ -n "$p" ] || p="$(getent passwd -- "$u" | cut -d: -f6)/.ssh/authorized_keys"
echo @F; printf '%s\\n' "$p"; ${a.follow ? sh`realpath -m -- "$p"` : sh`printf '%s\\n' "$p"`}
echo @C; [ -f "$p" ] && base64 -w0 -- "$p"; echo
echo @I; ${a.path !== undefined ? statLines(a.path) : sh`:`}`);
    const s = sections(r.stdout);
    const pw = parsePasswd(s.get('P'));
    const [file = '', followed = ''] = (s.get('F') ?? '').split('\n');
    if (!pw && !(ctx.check && a.path !== undefined)) {
      if (ctx.check) throw new ModuleFailure('Either user must exist or you must provide full path to key file in check mode');
      throw new ModuleFailure(`Failed to lookup user ${a.user}: "getpwnam(): name not found: '${a.user}'"`);
    }
    const existing = Buffer.from(s.get('C') ?? '', 'base64').toString('utf8');
    let edit;
    try {
      edit = editKeys(existing, a.key, { state: a.state, exclusive: a.exclusive, ...(a.key_options !== undefined ? { keyOptions: a.key_options } : {}), ...(a.comment !== undefined ? { comment: a.comment } : {}) });
    } catch (e) {
      if (e instanceof InvalidKey) throw new ModuleFailure(e.message);
      throw e;
    }
    const result: ModuleResult = { user: a.user, key: a.key, path: a.path ?? null, manage_dir: a.manage_dir, state: a.state, key_options: a.key_options ?? null, exclusive: a.exclusive, comment: a.comment ?? null, validate_certs: a.validate_certs, follow: a.follow, keyfile: file };
    // exit_json's add_path_info: a result with `path` gets the file's stat (and its `state`)
    const info = a.path !== undefined ? pathInfo(parseStatLines(a.path, s.get('I') ?? '')) : {};
    if (!edit.changed) return { changed: false, result: { ...result, ...info } };
    const target = a.follow ? followed : file;
    const sshDir = a.path === undefined ? file.replace(/\/authorized_keys$/, '') : a.path.replace(/\/[^/]*$/, '') || '/';
    return {
      changed: true,
      diff: { before_header: file, after_header: target, before: existing, after: edit.content },
      actions: { content: edit.content, file: target, sshDir, manageDir: a.manage_dir, result },
      result: { ...result, ...info, changed: true },
    };
  },
  async apply(plan, ctx) {
    const { content, file, sshDir, manageDir, result } = plan.actions!;
    const dir = manageDir ? sh`if [ ! -e "$d" ]; then mkdir -m 0700 -- "$d" 2>/dev/null || { if [ -d "$(dirname -- "$d")" ]; then e='[Errno 13] Permission denied'; else e='[Errno 2] No such file or directory'; fi; printf "Failed to create directory %s : %s: '%s'\\n" "$d" "$e" "$d" >&2; exit 1; }; fi; chown "$o" "$d"; chmod 0700 "$d"` : sh`:`;
    // keyfile(write=True): the directory, an empty file owned by the user with mode 0600, then the
    // new text through a temporary file in the same directory, renamed over it (atomic_move).
    const r = await ctx.host.exec(sh`f=${file}; d=${sshDir}; u=${String(result['user'])}; o=$(getent passwd -- "$u" | cut -d: -f3,4)
[ -n "$o" ] || { printf 'Failed to lookup user %s\\n' "$u" >&2; exit 1; }
${dir}
if [ ! -e "$f" ]; then mkdir -p -- "$(dirname -- "$f")" && : > "$f" || exit 1; fi
chown "$o" "$f" 2>/dev/null; chmod 0600 "$f" 2>/dev/null
t=$(mktemp "$(dirname -- "$f")/.ansible_tmpXXXXXX") || exit 1
cat > "$t" && chown --reference="$f" "$t" && chmod --reference="$f" "$t" && mv -f -- "$t" "$f" || { rm -f -- "$t"; exit 1; }
echo @I; ${result['path'] !== null ? statLines(String(result['path'])) : sh`:`}`, { stdin: content });
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || `could not write ${file}`);
    const info = result['path'] !== null ? pathInfo(parseStatLines(String(result['path']), r.stdout.split(/^@I$/m)[1] ?? '')) : {};
    return { ...result, ...info, changed: true };
  },
});
