#!/usr/bin/env python
"""Computes the expected result of every conformance case with the pinned ansible-core (and plain
Jinja2 for cases marked `jinja: true`), in one process. Usage:
    .venv/bin/python test/conformance/jinja2/generate.py [OUT_DIR]
Reads cases/*.yaml beside this file (every file; nothing here names an area) and writes, per area,
expected/<area>.json (the results) and expected/<area>.input.json (the case inputs with Python
types spelled out, so the TypeScript runner needs no YAML parser that knows Python's types).
"""
import json

from markupsafe import Markup
import math
import os
import shutil
import sys
import tempfile

import yaml
import jinja2

from ansible.plugins.loader import init_plugin_loader

init_plugin_loader()

from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.playbook.conditional import Conditional  # noqa: E402
from ansible.template import Templar, AnsibleEnvironment  # noqa: E402
from ansible.errors import AnsibleError  # noqa: E402
from ansible.utils.unsafe_proxy import wrap_var, AnsibleUnsafe  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class CaseLoader(yaml.SafeLoader):
    """Plain YAML (dicts stay `dict`, as Ansible's messages then say 'dict object'), plus !unsafe."""


def _unsafe(loader, node):
    return wrap_var(loader.construct_scalar(node))


CaseLoader.add_constructor('!unsafe', _unsafe)


def encode(v):
    """Python value -> JSON with the types JSON lacks spelled out (see README)."""
    if isinstance(v, AnsibleUnsafe) and isinstance(v, str):
        return {'$unsafe': str(v)}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return {'$float': repr(v)}
        return {'$float': v}
    if isinstance(v, tuple):
        return {'$tuple': [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        if any(not isinstance(k, str) for k in v):
            raise ValueError('case data may only use string keys: %r' % (v,))
        return {k: encode(x) for k, x in v.items()}
    raise ValueError('cannot encode %r' % (v,))


def error_of(e):
    msg = getattr(e, 'message', None) if isinstance(e, AnsibleError) else None
    return {'error': {'class': type(e).__name__, 'message': str(msg if msg is not None else e)}}


def typed(v):
    """Type as the value model names it: the builtin a subclass (AnsibleUnsafeText, NativeJinjaText) extends."""
    if isinstance(v, Markup):  # escaped text is plain text to pgplay's callers
        v = str(v)
    name = next(t.__name__ for t in type(v).__mro__ if t.__module__ == 'builtins')
    return {'type': name, 'repr': repr(v)}


def write_files(case, tmp):
    root = os.path.join(tmp, case['id'])
    os.makedirs(root, exist_ok=True)
    for name, text in (case.get('files') or {}).items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
    return root


def run_ansible(case, loader, tmp):
    mode = case['mode']
    variables = case.get('vars') or {}
    templar = Templar(loader=loader, variables=variables)
    try:
        if mode == 'render':
            root = write_files(case, tmp)
            searchpath = [os.path.join(root, 'templates'), root]
            t = templar.copy_with_new_env(environment_class=AnsibleEnvironment, searchpath=searchpath,
                                          available_variables=variables)
            # The template action's defaults, passed as overrides exactly as it passes them.
            overrides = dict(block_start_string='{%', block_end_string='%}', variable_start_string='{{',
                             variable_end_string='}}', comment_start_string='{#', comment_end_string='#}',
                             trim_blocks=True, lstrip_blocks=False)
            out = t.do_template(case['template'], preserve_trailing_newlines=True, escape_backslashes=False,
                                overrides=overrides)
            return {'text': str(out)}
        if mode == 'value':
            return typed(templar.template(case['template']))
        if mode == 'expr':
            cond = Conditional(loader=loader)
            expr = case['template']
            try:
                return typed(cond._check_conditional(expr, templar, variables))
            except AnsibleError as e:
                raise AnsibleError("The conditional check '%s' failed. The error was: %s" % (expr, e))
        raise ValueError('unknown mode %r in case %s' % (mode, case['id']))
    except Exception as e:  # every failure is part of the expected result
        return error_of(e)


def run_jinja(case, tmp):
    """Plain Jinja2 3.1 with Ansible's trim_blocks, for the record of where Ansible differs."""
    root = write_files(case, tmp)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([os.path.join(root, 'templates'), root]),
                             trim_blocks=True, undefined=jinja2.StrictUndefined)
    try:
        return {'text': env.from_string(case['template']).render(case.get('vars') or {})}
    except Exception as e:
        return error_of(e)


def scrub(v, tmp):
    """The temporary search path differs per run: spell it <tmp> so the output is stable."""
    if isinstance(v, str):
        return v.replace(tmp, '<tmp>')
    if isinstance(v, dict):
        return {k: scrub(x, tmp) for k, x in v.items()}
    return v


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'expected')
    os.makedirs(out_dir, exist_ok=True)
    loader = DataLoader()
    tmp = tempfile.mkdtemp(prefix='pgplay-j2-')
    try:
        seen = set()
        for fname in sorted(os.listdir(os.path.join(HERE, 'cases'))):
            if not fname.endswith('.yaml'):
                continue
            area = fname[:-5]
            with open(os.path.join(HERE, 'cases', fname)) as f:
                cases = yaml.load(f, Loader=CaseLoader) or []
            results, inputs = {}, {}
            for case in cases:
                cid = case['id']
                if cid in seen:
                    raise SystemExit('duplicate case id %s in %s' % (cid, fname))
                seen.add(cid)
                inputs[cid] = {k: encode(case[k]) for k in ('mode', 'template', 'vars', 'files', 'jinja') if k in case}
                res = run_ansible(case, loader, tmp)
                if case.get('jinja'):
                    res['jinja'] = run_jinja(case, tmp)
                results[cid] = scrub(res, tmp)
            for name, data in (('%s.json' % area, results), ('%s.input.json' % area, inputs)):
                with open(os.path.join(out_dir, name), 'w') as f:
                    json.dump(data, f, indent=1, sort_keys=False, ensure_ascii=False)
                    f.write('\n')
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
