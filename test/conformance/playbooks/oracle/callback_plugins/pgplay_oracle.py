# The oracle recorder: ansible-playbook's own default stdout callback, plus one JSON line per
# pgplay RunEvent (packages/engine/src/output/events.ts) written to $PGPLAY_ORACLE_EVENTS.
#
# Why a stdout callback that subclasses `default` rather than a second notification callback:
# the default callback mutates result._result while printing (debug results lose `changed`,
# `failed`, ...), and ansible calls the stdout callback before any other. Recording first, on a
# deep copy, and printing second keeps both the text and the events exactly as ansible has them.
#
# Results are written raw (only JSON-encoded); every normalisation happens in the TypeScript
# harness, identically for both sides (see test/conformance/playbooks/README.md).
from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = '''
    name: pgplay_oracle
    type: stdout
    short_description: default output plus pgplay RunEvent JSON lines
    version_added: historical
    description:
        - The default callback's text, and RunEvent JSON lines written to $PGPLAY_ORACLE_EVENTS.
    extends_documentation_fragment:
      - default_callback
      - result_format_callback
    requirements:
      - set as stdout in configuration
'''

import copy
import json
import os

from ansible import context
from ansible.module_utils.common.text.converters import to_text
from ansible.parsing.ajson import AnsibleJSONEncoder
from ansible.plugins.callback.default import CallbackModule as DefaultCallback


class CallbackModule(DefaultCallback):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'pgplay_oracle'

    def __init__(self):
        super(CallbackModule, self).__init__()
        path = os.environ.get('PGPLAY_ORACLE_EVENTS')
        # Fail loudly: a run without its event file would make the comparison vacuous.
        if not path:
            raise RuntimeError('PGPLAY_ORACLE_EVENTS is not set')
        self._out = open(path, 'w', encoding='utf-8')
        self._cur_play = None

    # -- writing -----------------------------------------------------------------------------
    def _emit(self, event):
        self._out.write(json.dumps(event, cls=AnsibleJSONEncoder, sort_keys=True) + '\n')
        self._out.flush()

    def _play_info(self, play):
        hosts = play.hosts
        pattern = ','.join(hosts) if isinstance(hosts, list) else to_text(hosts)
        return {'name': play.get_name().strip(), 'pattern': pattern}

    def _task_info(self, task, handler=False):
        info = {'name': task.get_name().strip(), 'action': task.action}
        if task._role:
            info['role'] = task._role.get_name()
        if handler:
            info['handler'] = True
        return info

    def _host_result(self, result, status, item=False, ignored=False):
        res = copy.deepcopy(result._result)
        if status == 'ok' and res.get('changed', False):
            status = 'changed'
        ev = {'kind': 'host-result', 'task': self._task_info(result._task), 'host': result._host.get_name(),
              'status': status, 'result': res}
        delegated = res.get('_ansible_delegated_vars', {}).get('ansible_host') if isinstance(res, dict) else None
        if delegated:
            ev['delegatedTo'] = delegated
        if item:
            # The label is the exact text the default callback prints inside "(item=...)".
            ev['item'] = {'label': to_text(self._get_item_label(res))}
        elif result._task.loop and 'results' in res:
            ev['loopSummary'] = True
        if ignored:
            ev['ignored'] = True
        self._emit(ev)

    def _end_play(self):
        if self._cur_play is not None:
            self._emit({'kind': 'play-end', 'play': self._cur_play})
            self._cur_play = None

    # -- playbook / play / task ---------------------------------------------------------------
    def v2_playbook_on_start(self, playbook):
        self._emit({'kind': 'playbook-start', 'file': to_text(playbook._file_name),
                    'check': bool(context.CLIARGS.get('check')), 'diff': bool(context.CLIARGS.get('diff'))})
        super(CallbackModule, self).v2_playbook_on_start(playbook)

    def v2_playbook_on_play_start(self, play):
        self._end_play()
        info = self._play_info(play)
        inventory = play.get_variable_manager()._inventory
        hosts = [h.name for h in inventory.get_hosts(play.hosts, order=play.order)]
        self._cur_play = info
        self._emit({'kind': 'play-start', 'play': info, 'hosts': hosts})
        super(CallbackModule, self).v2_playbook_on_play_start(play)

    def v2_playbook_on_no_hosts_matched(self):
        self._emit({'kind': 'no-hosts-matched', 'play': self._cur_play})
        super(CallbackModule, self).v2_playbook_on_no_hosts_matched()

    def v2_playbook_on_no_hosts_remaining(self):
        self._emit({'kind': 'no-more-hosts'})
        super(CallbackModule, self).v2_playbook_on_no_hosts_remaining()

    def v2_playbook_on_task_start(self, task, is_conditional):
        # ansible does not tell a callback which hosts a task starts on; `hosts` stays empty
        # and the comparison ignores it (README).
        self._emit({'kind': 'task-start', 'task': self._task_info(task), 'hosts': []})
        super(CallbackModule, self).v2_playbook_on_task_start(task, is_conditional)

    def v2_playbook_on_handler_task_start(self, task):
        self._emit({'kind': 'task-start', 'task': self._task_info(task, handler=True), 'hosts': []})
        super(CallbackModule, self).v2_playbook_on_handler_task_start(task)

    # -- results ------------------------------------------------------------------------------
    def v2_runner_on_ok(self, result):
        self._host_result(result, 'ok')
        super(CallbackModule, self).v2_runner_on_ok(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._host_result(result, 'failed', ignored=ignore_errors)
        super(CallbackModule, self).v2_runner_on_failed(result, ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._host_result(result, 'skipped')
        super(CallbackModule, self).v2_runner_on_skipped(result)

    def v2_runner_on_unreachable(self, result):
        self._host_result(result, 'unreachable', ignored=bool(result._task.ignore_unreachable))
        super(CallbackModule, self).v2_runner_on_unreachable(result)

    def v2_runner_item_on_ok(self, result):
        self._host_result(result, 'ok', item=True)
        super(CallbackModule, self).v2_runner_item_on_ok(result)

    def v2_runner_item_on_failed(self, result):
        self._host_result(result, 'failed', item=True)
        super(CallbackModule, self).v2_runner_item_on_failed(result)

    def v2_runner_item_on_skipped(self, result):
        self._host_result(result, 'skipped', item=True)
        super(CallbackModule, self).v2_runner_item_on_skipped(result)

    def v2_runner_retry(self, result):
        res = copy.deepcopy(result._result)
        self._emit({'kind': 'task-retry', 'task': self._task_info(result._task), 'host': result._host.get_name(),
                    'retriesLeft': res['retries'] - res['attempts'], 'result': res})
        super(CallbackModule, self).v2_runner_retry(result)

    def v2_playbook_on_include(self, included_file):
        ev = {'kind': 'included', 'task': self._task_info(included_file._task), 'file': to_text(included_file._filename),
              'hosts': [h.name for h in included_file._hosts]}
        label = self._get_item_label(included_file._vars)
        if label:
            ev['item'] = {'label': to_text(label)}
        self._emit(ev)
        super(CallbackModule, self).v2_playbook_on_include(included_file)

    def v2_playbook_on_stats(self, stats):
        self._end_play()
        recap = {}
        for h in sorted(stats.processed.keys()):
            s = stats.summarize(h)
            recap[h] = {'ok': s['ok'], 'changed': s['changed'], 'unreachable': s['unreachable'],
                        'failed': s['failures'], 'skipped': s['skipped'], 'rescued': s['rescued'],
                        'ignored': s['ignored']}
        self._emit({'kind': 'recap', 'stats': recap})
        # playbook-end carries the process exit code, which no callback sees: the harness
        # appends it from the exit status of ansible-playbook.
        super(CallbackModule, self).v2_playbook_on_stats(stats)
