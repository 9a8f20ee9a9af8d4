"""Runs many ansible / ansible-inventory command lines against ansible-core, one forked child each.

Importing ansible and loading its plug-ins costs ~1 s per process; running one throw-away
command first and then forking keeps each run a fresh, independent CLI invocation (its own argv,
cwd, stdout/stderr, exit status, display state) at a twentieth of the cost. Input on stdin: a JSON list of {"tool", "args", "cwd"}; output: a JSON list of
{"stdout", "stderr", "rc"} in the same order.
"""
import json
import os
import sys
import tempfile
import warnings

from ansible.cli import adhoc, inventory  # noqa: E402  (imported once, before forking)
from ansible.utils.context_objects import GlobalCLIArgs

ENTRY = {'ansible': adhoc.main, 'ansible-inventory': inventory.main}
WIDTH = int(os.environ.get('ORACLE_WIDTH', '4'))


def start(job, tmp):
    out_path = os.path.join(tmp, '%d.out' % id(job))
    err_path = out_path[:-4] + '.err'
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.chdir(job['cwd'])
            out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(out, 1)
            os.dup2(err, 2)
            # The parsed command line is a process-wide singleton; the warm-up's must not leak.
            GlobalCLIArgs._Singleton__instance = None
            sys.argv = [job['tool']] + job['args']
            try:
                ENTRY[job['tool']](sys.argv)
                code = 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid, out_path, err_path


def warm_up():
    """One inventory run in this process so that children inherit loaded plug-ins."""
    # Re-configuring the collection finder in each child only repeats the same configuration.
    warnings.filterwarnings('ignore', message='AnsibleCollectionFinder has already been configured')
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        inventory.main(['ansible-inventory', '-i', 'localhost,', '--list'])
    except SystemExit:
        pass
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)


def main():
    jobs = json.load(sys.stdin)
    warm_up()
    results = [None] * len(jobs)
    running = {}
    nxt = 0
    with tempfile.TemporaryDirectory() as tmp:
        while nxt < len(jobs) or running:
            while nxt < len(jobs) and len(running) < WIDTH:
                pid, out_path, err_path = start(jobs[nxt], tmp)
                running[pid] = (nxt, out_path, err_path)
                nxt += 1
            pid, status = os.wait()
            i, out_path, err_path = running.pop(pid)
            with open(out_path, encoding='utf-8', errors='surrogateescape') as f:
                stdout = f.read()
            with open(err_path, encoding='utf-8', errors='surrogateescape') as f:
                stderr = f.read()
            results[i] = {'stdout': stdout, 'stderr': stderr, 'rc': os.waitstatus_to_exitcode(status)}
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
