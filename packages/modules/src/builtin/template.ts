import { randomInt } from 'node:crypto';
import { lstatSync, statSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { defineModule, ModuleFailure, type ModuleContext, type TemplateEnvironment } from '@pgplay/engine/module-api';
import { readControllerFile } from './util/controller-file.js';
import { fileCommonProperties } from './util/file-common-args.js';
import { applyCopy, planCopy, type CopyActions, type CopyArgs } from './copy.js';

interface TemplateArgs extends CopyArgs {
  newline_sequence?: string;
  block_start_string?: string;
  block_end_string?: string;
  variable_start_string?: string;
  variable_end_string?: string;
  comment_start_string?: string;
  comment_end_string?: string;
  trim_blocks?: boolean;
  lstrip_blocks?: boolean;
  output_encoding?: string;
  state?: string;
}

const pyDatetime = (d: Date) => {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds() * 1000, 6)}`;
};

/** generate_ansible_template_vars: template_* and ansible_managed (DEFAULT_MANAGED_STR is "Ansible managed"). */
function templateVars(srcArg: string, source: string, dest: string): Record<string, unknown> {
  const st = statSync(source);
  let uid: string;
  try {
    uid = st.uid === process.getuid?.() ? userInfo().username : String(st.uid);
  } catch {
    uid = String(st.uid);
  }
  return {
    template_host: hostname(), template_path: srcArg, template_mtime: pyDatetime(st.mtime), template_uid: uid,
    template_run_date: pyDatetime(new Date()), template_destpath: dest, template_fullpath: resolve(source), ansible_managed: 'Ansible managed',
  };
}

function environment(a: TemplateArgs): TemplateEnvironment {
  const nl = a.newline_sequence ?? '\n';
  const env: TemplateEnvironment = {
    trimBlocks: a.trim_blocks !== false, lstripBlocks: a.lstrip_blocks === true, newlineSequence: ({ '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' } as Record<string, string>)[nl] ?? nl,
  };
  if (a.block_start_string !== undefined) env.blockStartString = a.block_start_string;
  if (a.block_end_string !== undefined) env.blockEndString = a.block_end_string;
  if (a.variable_start_string !== undefined) env.variableStartString = a.variable_start_string;
  if (a.variable_end_string !== undefined) env.variableEndString = a.variable_end_string;
  if (a.comment_start_string !== undefined) env.commentStartString = a.comment_start_string;
  if (a.comment_end_string !== undefined) env.commentEndString = a.comment_end_string;
  return env;
}

const TEMP_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Six random characters, as mkdtemp appends. */
const tempSuffix = (): string => Array.from({ length: 6 }, () => TEMP_CHARS[randomInt(TEMP_CHARS.length)]).join('');

/** Renders on the controller; the bytes then go through copy, as the template action does. */
function render(a: TemplateArgs, ctx: ModuleContext): { data: Buffer; path: string; source: string } {
  if (a.state !== undefined) throw new ModuleFailure("'state' cannot be specified on a template");
  if (a.src === undefined || a.dest === undefined) throw new ModuleFailure('src and dest are required');
  const env = environment(a);
  if (!['\n', '\r', '\r\n'].includes(env.newlineSequence!)) throw new ModuleFailure('newline_sequence needs to be one of: \n, \r or \r\n');
  const source = ctx.controller.findFile('templates', a.src);
  if (!source) throw new ModuleFailure(`Could not find or access '${a.src}'`);
  const text = readControllerFile(ctx.controller, source).toString('utf8');
  let out: string;
  try {
    out = ctx.controller.renderTemplate(text, { file: source, extraVars: templateVars(a.src, source, a.dest), environment: env, searchPath: [dirname(source)] });
  } catch (e) {
    throw new ModuleFailure(`${(e as { code?: string }).code === 'template-undefined' ? 'AnsibleUndefinedVariable' : 'AnsibleError'}: ${(e as Error).message}`);
  }
  const encoding = (a.output_encoding || 'utf-8').toLowerCase().replace('_', '-');
  const data = encoding === 'utf-8' || encoding === 'utf8' ? Buffer.from(out, 'utf8') : encoding === 'latin-1' || encoding === 'iso-8859-1' ? Buffer.from(out, 'latin1') : (() => { throw new ModuleFailure(`output_encoding ${a.output_encoding} is not supported by pgplay yet (utf-8, latin-1)`); })();
  // The action writes the rendering to a controller temp file named like the template, and copy
  // reports that path (diff header, `src`); the file is gone when the task ends. Only its name is
  // observable, so it is made up in mkdtemp's shape without touching the disk (two mkdtemps, a
  // write and a recursive remove per task and host cost more than the host's probe under load).
  const path = join(tmpdir(), `pgplay-local-${tempSuffix()}`, `tmp${tempSuffix()}`, basename(source));
  return { data, path, source };
}

/** ansible.builtin.template: the engine's Jinja2 renders, copy writes. */
export default defineModule<TemplateArgs, CopyActions>({
  name: 'ansible.builtin.template',
  aliases: ['template'],
  doc: { short: 'Template a file out to a target host', description: 'template_mtime and template_run_date are text (str() of the datetime), not datetime objects.' },
  args: {
    type: 'object',
    additionalProperties: false,
    properties: {
      src: { type: 'string', 'x-type': 'path', description: 'Path of the Jinja2 template (relative: templates/ then the playbook directory).' },
      dest: { type: 'string', 'x-type': 'path', description: 'Location to render the template to on the remote machine.' },
      backup: { type: 'boolean', default: false, description: 'Create a backup file including the timestamp information.' },
      force: { type: 'boolean', default: true, description: 'Replace the file when its content differs.' },
      validate: { type: 'string', description: 'Validation command run on the new file before it replaces dest; %s is its path.' },
      follow: { type: 'boolean', default: false, description: 'Follow symlinks at the destination.' },
      newline_sequence: { type: 'string', default: '\n', enum: ['\n', '\r', '\r\n', '\\n', '\\r', '\\r\\n'], description: 'Newline sequence of the template output.' },
      block_start_string: { type: 'string', default: '{%', description: 'The string marking the beginning of a block.' },
      block_end_string: { type: 'string', default: '%}', description: 'The string marking the end of a block.' },
      variable_start_string: { type: 'string', default: '{{', description: 'The string marking the beginning of a print statement.' },
      variable_end_string: { type: 'string', default: '}}', description: 'The string marking the end of a print statement.' },
      comment_start_string: { type: 'string', description: 'The string marking the beginning of a comment.' },
      comment_end_string: { type: 'string', description: 'The string marking the end of a comment.' },
      trim_blocks: { type: 'boolean', default: true, description: 'Remove the first newline after a block.' },
      lstrip_blocks: { type: 'boolean', default: false, description: 'Strip tabs and spaces from the start of a line to a block.' },
      state: { type: 'string', 'x-internal': true, description: 'Not an option: ansible fails the task when it is given.' },
      output_encoding: { type: 'string', default: 'utf-8', description: 'Encoding of the written file (utf-8 or latin-1).' },
      ...fileCommonProperties,
    },
  },
  returns: { dest: { description: 'Destination file/path.', returned: 'success', type: 'str' }, checksum: { description: 'SHA1 of the written file.', returned: 'success', type: 'str' } },
  capabilities: { check: 'full', diff: 'full' },
  staticCheck(args, ctx) {
    const src = args['src'];
    if (typeof src !== 'string' || ctx.isTemplate(src) || ctx.findFile('templates', src)) return [];
    return [{ code: 'file-not-found', option: 'src', message: `Could not find or access '${src}' on the Ansible Controller (looked in templates/ and the playbook directory)` }];
  },
  async plan(a, ctx) {
    const r = render(a, ctx);
    const mode = a.mode === 'preserve' ? '0' + (lstatSync(r.source).mode & 0o7777).toString(8).padStart(3, '0') : a.mode;
    const copyArgs: CopyArgs = { ...pick(a), src: r.path, dest: a.dest!, follow: a.follow === true, ...(mode !== undefined ? { mode } : {}) };
    return planCopy(copyArgs, ctx, { data: r.data, path: r.path });
  },
  apply: (plan, ctx) => applyCopy(plan, ctx),
});

/** The task's arguments minus the template-only ones, as the action hands them to copy. */
const TEMPLATE_ONLY = ['newline_sequence', 'block_start_string', 'block_end_string', 'variable_start_string', 'variable_end_string',
  'comment_start_string', 'comment_end_string', 'trim_blocks', 'lstrip_blocks', 'output_encoding', 'state'];
function pick(a: TemplateArgs): CopyArgs {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !TEMPLATE_ONLY.includes(k))) as CopyArgs;
}
