import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { parseStatLines, statLines } from './util/file-state.js';
import { pathInfo } from './util/path-info.js';
import { expandTildes } from './util/remote-path.js';

interface TempfileArgs {
  state?: 'file' | 'directory';
  path?: string;
  prefix?: string;
  suffix?: string;
}

/** ansible.builtin.tempfile: mkstemp/mkdtemp through mktemp (same modes: 0600 files, 0700 directories). */
export default defineModule<TempfileArgs, TempfileArgs>({
  name: 'ansible.builtin.tempfile',
  aliases: ['tempfile'],
  doc: { short: 'Creates temporary files and directories', description: 'The random part of the name is 8 characters, as with Python\'s tempfile; mktemp draws them from letters of both cases and digits.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      state: { type: 'string', enum: ['file', 'directory'], default: 'file', description: 'Whether to create file or directory.' },
      path: { type: 'string', 'x-type': 'path', description: 'Location where temporary file or directory should be created (default: $TMPDIR or /tmp).' },
      prefix: { type: 'string', default: 'ansible.', description: 'Prefix of file/directory name created by module.' },
      suffix: { type: 'string', default: '', description: 'Suffix of file/directory name created by module.' },
    },
  },
  returns: { path: { description: 'Path to created file or directory.', returned: 'success', type: 'str' } },
  // tempfile.py declares no check mode: ansible skips it under --check.
  capabilities: { check: 'none', diff: 'none' },
  async plan(a, ctx) {
    return { changed: true, actions: await expandTildes(ctx, a, ['path']) };
  },
  async apply(plan, ctx) {
    const a = plan.actions!;
    const dir = a.state === 'directory' ? ['-d'] : [];
    const where = a.path !== undefined ? sh`-p ${a.path}` : sh`-p "\${TMPDIR:-/tmp}"`;
    const r = await ctx.host.exec(sh`t=$(mktemp ${dir} ${where} --suffix=${a.suffix ?? ''} ${(a.prefix ?? 'ansible.') + 'XXXXXXXX'}) || exit 1; printf 'P %s\\n' "$t"; ${statLines(sh`"$t"`)}`);
    if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim().replace(/^mktemp: /, ''));
    const path = /^P (.*)$/m.exec(r.stdout)![1]!;
    return { changed: true, path, ...pathInfo(parseStatLines(path, r.stdout)) };
  },
});
