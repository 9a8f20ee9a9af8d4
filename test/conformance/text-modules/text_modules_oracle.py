"""Runs ansible's own lineinfile/blockinfile/replace/ini_file (the pinned ansible 9 / ansible-core 2.16)
in-process on generated inputs: stdin is a JSON list of {module, args, content, check, diff}; each case gets
a fresh file (content null: no file) and the answer is {result, after} per case (after: the file's
content afterwards, null when there is none)."""
import io
import json
import os
import shutil
import sys
import tempfile
from contextlib import redirect_stdout

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.modules import lineinfile, blockinfile, replace
from ansible_collections.community.general.plugins.modules import ini_file

MODULES = {'lineinfile': lineinfile, 'blockinfile': blockinfile, 'replace': replace, 'ini_file': ini_file}


def run_case(case, root):
    d = tempfile.mkdtemp(dir=root)
    path = os.path.join(d, 'f.txt')
    if case['content'] is not None:
        with open(path, 'wb') as f:
            f.write(case['content'].encode('utf-8'))
    tmp = os.path.join(d, 'tmp')
    os.mkdir(tmp)
    args = dict(case['args'], path=path, _ansible_tmpdir=tmp, _ansible_check_mode=case['check'], _ansible_diff=case['diff'],
                _ansible_remote_tmp=tmp, _ansible_keep_remote_files=False)
    # Warnings are process-global in module_utils: each case starts with none.
    module_warnings._global_warnings.clear()
    module_warnings._global_deprecations.clear()
    basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode()
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            MODULES[case['module']].main()
    except SystemExit:
        pass
    except Exception as e:  # a crash (re.error and the like): compared as "failed"
        return {'result': {'failed': True, 'msg': 'exception: %s' % e}, 'after': None}
    text = out.getvalue()
    result = json.loads(text[text.index('{'):]) if '{' in text else {'failed': True, 'msg': text}
    after = None
    if os.path.exists(path) and not os.path.isdir(path):
        with open(path, 'rb') as f:
            after = f.read().decode('utf-8', 'replace')
    result.pop('invocation', None)
    return {'result': json.loads(json.dumps(result).replace(path, '<PATH>')), 'after': after}


def main():
    cases = json.load(sys.stdin)
    root = tempfile.mkdtemp(prefix='pgplay-text-oracle-')
    try:
        json.dump([run_case(c, root) for c in cases], sys.stdout)
    finally:
        shutil.rmtree(root, ignore_errors=True)


main()
