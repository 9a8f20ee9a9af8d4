#!/usr/bin/env python
"""Oracle for fuzz.test.ts: reads {vars, value: [templates], render: [templates]} as JSON on stdin,
prints each template's result with the pinned ansible-core (Templar.template for `value`, the
template action's do_template for `render`) as JSON on stdout."""
import json

from markupsafe import Markup
import sys

from ansible.plugins.loader import init_plugin_loader

init_plugin_loader()

from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.template import Templar, AnsibleEnvironment  # noqa: E402


def typed(v):
    if isinstance(v, Markup):  # escaped text is plain text to pgplay's callers
        v = str(v)
    name = next(t.__name__ for t in type(v).__mro__ if t.__module__ == 'builtins')
    return {'type': name, 'repr': repr(v)}


def main():
    job = json.load(sys.stdin)
    variables = job['vars']
    variables['f'] = float(variables['f'])
    loader = DataLoader()
    out = {'value': [], 'render': []}
    for t in job['value']:
        try:
            out['value'].append(typed(Templar(loader=loader, variables=variables).template(t)))
        except Exception as e:  # the error itself is the result
            out['value'].append({'error': str(getattr(e, 'message', None) or e)})
    overrides = dict(trim_blocks=True, lstrip_blocks=False)
    for t in job['render']:
        templar = Templar(loader=loader, variables=variables).copy_with_new_env(
            environment_class=AnsibleEnvironment, available_variables=variables)
        try:
            out['render'].append({'text': templar.do_template(t, preserve_trailing_newlines=True,
                                                              escape_backslashes=False, overrides=overrides)})
        except Exception as e:
            out['render'].append({'error': str(getattr(e, 'message', None) or e)})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
