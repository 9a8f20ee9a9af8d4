import { defineModule, sh, ModuleFailure } from '@pgplay/engine/module-api';
import { expandTildes } from './util/remote-path.js';

interface SlurpArgs {
  src: string;
}

/** ansible.builtin.slurp: the file's bytes, base64-encoded, read in one command. */
export default defineModule<SlurpArgs>({
  name: 'ansible.builtin.slurp',
  aliases: ['slurp'],
  doc: { short: 'Slurps a file from remote nodes' },
  args: {
    type: 'object',
    additionalProperties: false,
    required: ['src'],
    properties: { src: { type: 'string', 'x-type': 'path', 'x-aliases': ['path'], description: 'The file on the remote system to fetch. This must be a file, not a directory.' } },
  },
  returns: {
    content: { description: 'Encoded file content', returned: 'success', type: 'str' },
    encoding: { description: 'Type of encoding used for file', returned: 'success', type: 'str' },
    source: { description: 'Actual path of file slurped', returned: 'success', type: 'str' },
  },
  capabilities: { check: 'full', diff: 'none' },
  async plan(raw, ctx) {
    const a = await expandTildes(ctx, raw, ['src']);
    // Exit codes name slurp.py's errno cases; base64 -w0 gives one line like b64encode.
    const r = await ctx.host.exec(sh`p=${a.src}; [ -e "$p" ] || exit 3; [ -d "$p" ] && exit 4; [ -r "$p" ] || exit 5; base64 -w0 < "$p" || exit 6`);
    const msg = { 3: `file not found: ${a.src}`, 4: `source is a directory and must be a file: ${a.src}`, 5: `file is not readable: ${a.src}` }[r.rc];
    if (msg) throw new ModuleFailure(msg);
    if (r.rc !== 0) throw new ModuleFailure(`unable to slurp file: ${r.stderr.trim()}`);
    return { changed: false, result: { changed: false, content: r.stdout.trim(), source: a.src, encoding: 'base64' } };
  },
  async apply() {
    return { changed: false };
  },
});
