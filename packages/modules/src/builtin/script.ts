import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { defineModule, ModuleFailure, sh } from '@pgplay/engine/module-api';
import { shlexSplit } from './util/py-shlex.js';

interface ScriptArgs {
  _raw_params?: string;
  cmd?: string;
  chdir?: string;
  creates?: string;
  removes?: string;
  executable?: string;
}
interface ScriptActions {
  local: string;
  args: string[];
  chdir?: string;
  executable?: string;
}

/** ansible.builtin.script: copies a controller-side script to the host and runs it. */
export default defineModule<ScriptArgs, ScriptActions>({
  name: 'ansible.builtin.script',
  aliases: ['script'],
  doc: { short: 'Runs a local script on a remote node after transferring it' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      _raw_params: { type: 'string', description: 'Path to the local script followed by its arguments.', 'x-internal': true },
      cmd: { type: 'string', description: 'Path to the local script followed by its arguments.' },
      chdir: { type: 'string', description: 'Change into this directory on the host first.' },
      creates: { type: 'string', description: 'Skip when this remote path exists.' },
      removes: { type: 'string', description: 'Skip when this remote path does not exist.' },
      executable: { type: 'string', description: 'Run the script with this interpreter.' },
      decrypt: { type: 'boolean', default: true, description: 'Decrypt a vault-encrypted script before copying it.' },
    },
  },
  returns: { rc: { description: 'Exit status', type: 'int' }, stdout: { description: 'Output', type: 'str' }, stderr: { description: 'Errors', type: 'str' } },
  capabilities: { check: 'partial', diff: 'none', freeForm: true },
  staticCheck(args, ctx) {
    const text = args._raw_params ?? args.cmd;
    if (typeof text !== 'string' || ctx.isTemplate(text)) return [];
    const first = shlexSplit(text)[0];
    if (first === undefined) return [{ message: 'script: no script given' }];
    if (ctx.isTemplate(first) || ctx.findFile('files', first)) return [];
    return [{ code: 'file-not-found', option: args._raw_params !== undefined ? '_raw_params' : 'cmd', message: `Could not find or access '${first}' on the Ansible Controller (looked in files/ and the playbook directory)` }];
  },
  async plan(args, ctx) {
    const words = shlexSplit(args._raw_params ?? args.cmd ?? '');
    if (words.length === 0) throw new ModuleFailure('script: no script given');
    const local = ctx.controller.findFile('files', words[0]!);
    if (!local) throw new ModuleFailure(`Could not find or access '${words[0]}'`);
    if (readFileSync(local).subarray(0, 14).toString() === '$ANSIBLE_VAULT') throw new ModuleFailure(`${words[0]} is vault-encrypted; pgplay cannot decrypt scripts yet`);
    if (args.creates && (await ctx.host.stat(args.creates)).exists) {
      return { changed: false, result: { skipped: true, msg: `${args.creates} exists, matching creates option` } };
    }
    if (args.removes && !(await ctx.host.stat(args.removes)).exists) {
      return { changed: false, result: { skipped: true, msg: `${args.removes} does not exist, matching removes option` } };
    }
    const actions = { local, args: words.slice(1), ...(args.chdir ? { chdir: args.chdir } : {}), ...(args.executable ? { executable: args.executable } : {}) };
    // Without creates/removes a script's effect can't be predicted: Ansible skips it in check mode.
    if (ctx.check && !args.creates && !args.removes) return { changed: false, actions, result: { skipped: true, msg: 'Check mode is not supported for this task.' } };
    return { changed: true, actions };
  },
  async apply(plan, ctx) {
    const a = plan.actions!;
    const runIn = async (tmp: string) => {
      await ctx.host.put(readFileSync(a.local), tmp, { mode: '0700' });
      const run = a.executable ? sh`${a.executable} ${tmp} ${a.args}` : sh`${tmp} ${a.args}`;
      // raw: like ansible's script action, a low-level command (over SSH with a tty, as ssh -tt).
      const r = await ctx.host.exec(a.chdir ? sh`cd ${a.chdir} && ${run}` : run, { env: ctx.env, raw: true });
      const result = { changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr };
      // ansible's script action raises AnsibleActionFail outside any handler: its traceback text is 'NoneType: None'.
      if (r.rc !== 0) throw new ModuleFailure('non-zero return code', { ...result, exception: 'NoneType: None\n' });
      return result;
    };
    // The connection's private temp directory (ansible's remote tmp), removed even on failure.
    if (ctx.host.withTempDir) return ctx.host.withTempDir((dir) => runIn(`${dir}/${basename(a.local)}`));
    const tmp = (await ctx.host.exec(['mktemp', '-t', 'pgplay-script.XXXXXXXX'])).stdout.trim();
    try {
      return await runIn(tmp);
    } finally {
      await ctx.host.exec(['rm', '-f', tmp]);
    }
  },
});
