#!/usr/bin/env python
"""Random Python patterns and texts (fixed seed) with re.findall / re.sub results, for the regex
translator's differential test (regex-fuzz.test.ts). Prints JSON: [{pattern, flags, text, findall, sub}].
A result is {"error": msg} when Python raises. Usage: regex_fuzz.py SEED COUNT
"""
import json
import random
import re
import sys

ATOMS = ['a', 'b', 'é', 'ß', '日', '1', '٣', ' ', '\\n', '\\t', '\\.', '.', '\\w', '\\W', '\\d', '\\D', '\\s', '\\S',
         '[ab]', '[^a]', '[\\w-]', '[^\\W\\d]', '[]a]', '[a-c]', '[\\s.]', '\\b', '\\B', '^', '$', '\\A', '\\Z', '-', '#',
         '\\-', '\\#', '\\ ', '\\x41', '\\u00e9', '{', '}', '{x}', '\\\\']
QUANTS = ['', '', '', '*', '+', '?', '*?', '+?', '??', '{2}', '{1,2}', '{,2}', '{2,}', '{1,2}?']
TEXTS = ['ab ab', 'aé ßb\n日1٣', 'a\nb\r\nc\n', 'A-B a_b', 'x.y#z', ' lead trail \n', 'aaa bbb', '', 'a\u2028b', 'ÉCOLE école',
         'a1 b22 c333\n', 'tab\there', '{x} {y}', 'back\\slash']
REPLS = ['-', '[\\g<0>]', '\\n', '<\\1>', 'x\\\\y', '']


def atom(r, depth):
    x = r.random()
    if depth < 2 and x < 0.2:
        inner = seq(r, depth + 1)
        kind = r.choice(['(', '(?:', '(?P<g%d>' % r.randint(0, 9), '(?=', '(?!', '(?<='])
        return kind + inner + ')'
    if depth < 2 and x < 0.25:
        return '(?:' + seq(r, depth + 1) + '|' + seq(r, depth + 1) + ')'
    return r.choice(ATOMS)


def seq(r, depth=0):
    return ''.join(atom(r, depth) + r.choice(QUANTS) for _ in range(r.randint(1, 4)))


def attempt(fn):
    try:
        return fn()
    except Exception as e:  # re.error, IndexError for bad group references in templates
        return {'error': str(e)}


def main():
    r = random.Random(int(sys.argv[1]))
    out = []
    while len(out) < int(sys.argv[2]):
        pattern = seq(r)
        if r.random() < 0.3 and '(' in pattern:
            pattern += '\\1'
        flags = r.choice(['', 'i', 'm', 's', 'im', 'x'])
        f = (re.I if 'i' in flags else 0) | (re.M if 'm' in flags else 0) | (re.S if 's' in flags else 0) | (re.X if 'x' in flags else 0)
        text = r.choice(TEXTS)
        repl = r.choice(REPLS)
        findall = attempt(lambda: [list(m) if isinstance(m, tuple) else m for m in re.findall(pattern, text, f)])
        sub = attempt(lambda: re.sub(pattern, repl, text, flags=f))
        out.append({'pattern': pattern, 'flags': flags, 'text': text, 'repl': repl, 'findall': findall, 'sub': sub})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
