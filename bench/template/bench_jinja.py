"""Python side of the template benchmark: plain Jinja2 3.1 with Ansible's trim_blocks, same work."""
import json
import os
import sys
import time

import jinja2

here = os.path.dirname(os.path.abspath(__file__))
big_runs, small_runs = int(sys.argv[1]), int(sys.argv[2])
with open(os.path.join(here, 'nginx.conf.j2')) as f:
    source = f.read()
with open(os.path.join(here, 'vars.json')) as f:
    variables = json.load(f)
env = jinja2.Environment(trim_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)

rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
big = small = float('inf')
for r in range(rounds):
    t0 = time.process_time()
    tpl = env.from_string(source)
    for _ in range(big_runs):
        out = tpl.render(variables)
    big = min(big, time.process_time() - t0)

    t0 = time.process_time()
    for i in range(small_runs):
        env.from_string('Hello {{ name }} #%d.%d: {{ items | join(",") }}{%% if n > 1 %%} many{%% endif %%}' % (r, i)).render(
            name='x', items=['a', 'b'], n=i)
    small = min(small, time.process_time() - t0)
print(json.dumps({'big': big, 'small': small, 'bytes': len(out), 'text': out}))
