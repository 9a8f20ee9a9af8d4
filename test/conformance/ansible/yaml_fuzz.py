#!/usr/bin/env python
"""Random values (fixed seed) dumped by Ansible's to_yaml/to_nice_yaml settings, for the emitter's
differential test (yaml-fuzz.test.ts). Prints JSON: [{value, flow, indent, expected}].
Usage: .venv/bin/python test/conformance/ansible/yaml_fuzz.py SEED COUNT
"""
import json
import math
import random
import sys

import yaml
from ansible.parsing.yaml.dumper import AnsibleDumper

ATOMS = ['', ' ', 'a', 'yes', 'No', 'null', '~', '1', '1.5', '0x1F', '2001-01-01', 'a: b', 'a:b', '- a', '-a', '#x',
         'a #b', 'a#b', "it's", 'say "hi"', 'x\ny', 'x\n', '\nx', ' lead', 'trail ', 'é', 'ü\u2028', '\t', 'a\tb',
         '{x}', '[1]', '&a', '*a', '!t', '|', '>', '%', '@', '`', '---', '...', '?', '? x', ':', '=', '<<', 'a,b',
         'long ' * 25, 'word' * 30, 'x' * 130, 'line one\nline two with some words ' * 3, 'a  b', 'a \nb', 'a\n b',
         '\x00', '\x7f', '\ufeff', 'emoji 😀', 'on', 'OFF', '.inf', '+1', '1_000', '1e3', '0o7', '012', '1:20', 'True']


def rnd(r, d=0):
    x = r.random()
    if d > 3 or x < 0.45:
        c = r.random()
        if c < 0.6:
            return r.choice(ATOMS)
        if c < 0.7:
            return r.randint(-1000, 10 ** 12)
        if c < 0.8:
            return r.choice([0.0, 1.5, -2.25, 1e20, 1e-7, 3.0, float('inf'), float('nan')])
        if c < 0.9:
            return r.choice([True, False, None])
        return ' '.join(r.choice(ATOMS) for _ in range(r.randint(1, 12)))
    if x < 0.7:
        return [rnd(r, d + 1) for _ in range(r.randint(0, 5))]
    return {r.choice(ATOMS) if r.random() < .7 else str(r.randint(0, 99)): rnd(r, d + 1) for _ in range(r.randint(0, 5))}


def enc(v):
    if isinstance(v, float):
        return {'$float': 'nan' if v != v else 'inf' if v == math.inf else '-inf' if v == -math.inf else v}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


def main():
    r = random.Random(int(sys.argv[1]))
    out = []
    for _ in range(int(sys.argv[2])):
        v = rnd(r)
        flow, indent = r.choice([(None, 2), (False, 4), (False, 2), (True, 2)])
        exp = yaml.dump(v, Dumper=AnsibleDumper, allow_unicode=True, default_flow_style=flow, indent=indent)
        out.append({'value': enc(v), 'flow': flow, 'indent': indent, 'expected': exp})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
