/**
 * lookup('template'): renders a file found under templates/ with the current variables plus the
 * template_* variables and `template_vars`. The delimiter options become a `#jinja2:` header, which
 * Templar.do_template applies the same way (a header in the file itself still wins).
 */
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LookupFn } from '../../types.js';
import { isDict, strRepr } from '../../../values/py.js';
import { lookupAnsibleError, toText } from '../util.js';
import { findFileOrWarn, readText } from './search.js';

export const templateLookup: LookupFn = (ctx, terms, kwargs) => {
  const extra = isDict(kwargs.template_vars) ? kwargs.template_vars : {};
  return terms.map((t) => {
    const term = toText(t);
    const path = findFileOrWarn(ctx, 'templates', term);
    if (!path) throw lookupAnsibleError(`the template file ${term} could not be found for the lookup`);
    const st = statSync(path);
    const vars: Record<string, unknown> = {
      template_host: hostname(),
      template_path: term,
      template_mtime: st.mtime.toISOString().replace('T', ' ').replace('Z', ''),
      template_uid: String(st.uid),
      template_fullpath: path,
      template_destpath: null,
      template_run_date: new Date().toISOString().replace('T', ' ').replace('Z', ''),
      ansible_managed: 'Ansible managed',
      ...extra,
    };
    return ctx.render(withDelimiters(readText(path), kwargs), vars);
  });
};

const DELIMITERS = ['variable_start_string', 'variable_end_string', 'comment_start_string', 'comment_end_string'];

function withDelimiters(source: string, kwargs: Record<string, unknown>): string {
  const pairs = DELIMITERS.filter((k) => typeof kwargs[k] === 'string').map((k) => `${k}:${strRepr(kwargs[k] as string)}`);
  if (!pairs.length) return source;
  if (source.startsWith('#jinja2:')) return `#jinja2:${pairs.join(',')},${source.slice('#jinja2:'.length)}`;
  return `#jinja2:${pairs.join(',')}\n${source}`;
}
