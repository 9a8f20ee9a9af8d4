/**
 * lookup('template'): renders a file found under templates/ with the current variables plus the
 * template_* variables and `template_vars`. The variable/comment delimiter options are not supported.
 */
import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LookupFn } from '../../types.js';
import { isDict } from '../../../values/py.js';
import { lookupError, toText } from '../util.js';
import { findFile, readText } from './search.js';

export const templateLookup: LookupFn = (ctx, terms, kwargs) => {
  const extra = isDict(kwargs.template_vars) ? kwargs.template_vars : {};
  return terms.map((t) => {
    const term = toText(t);
    const path = findFile(ctx, 'templates', term);
    if (!path) throw lookupError(`the template file ${term} could not be found for the lookup`);
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
    return ctx.render(readText(path), vars);
  });
};
