#!/usr/bin/env python
"""Runs the jinja2 conformance generator (test/conformance/jinja2/generate.py, unchanged) on the
Ansible-area cases in ./cases, writing ./expected. Usage, from the repository root:
    .venv/bin/python test/conformance/ansible/generate.py
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'jinja2'))

import generate  # noqa: E402

generate.HERE = HERE
if __name__ == '__main__':
    generate.main()
