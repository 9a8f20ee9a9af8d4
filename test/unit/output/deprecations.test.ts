// Modules' deprecations as the default callback prints them: Display.deprecated's text, wrapped
// with drop_whitespace=False at 79 columns, once per run, on stderr; deprecation_warnings=False
// silences them. The expected text is ansible-playbook 2.16's stderr for amazon.aws 7.6's iam_role
// and iam_policy against an emulator (their module.deprecate calls, made on every run).
import assert from 'node:assert/strict';
import { DefaultCallback, type RunEvent } from '@pgplay/engine';

const ROLE = [
  { msg: 'All return values other than iam_role and changed have been deprecated and will be removed in a release after 2023-12-01.', date: '2023-12-01', collection_name: 'amazon.aws' },
  { msg: 'In a release after 2023-12-01 the contents of iam_role.assume_role_policy_document will no longer be converted from CamelCase to snake_case.  The iam_role.assume_role_policy_document_raw return value already returns the policy document in this future format.', date: '2023-12-01', collection_name: 'amazon.aws' },
];
const POLICY = [{ msg: "The 'policies' return key is deprecated and will be replaced by 'policy_names'. Both values are returned for now.", date: '2024-08-01', collection_name: 'amazon.aws' }];

const ANSIBLE_STDERR = `[DEPRECATION WARNING]: All return values other than iam_role and changed have 
been deprecated and will be removed in a release after 2023-12-01. This feature
 will be removed from amazon.aws in a release after 2023-12-01. Deprecation 
warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.
[DEPRECATION WARNING]: In a release after 2023-12-01 the contents of 
iam_role.assume_role_policy_document will no longer be converted from CamelCase
 to snake_case.  The iam_role.assume_role_policy_document_raw return value 
already returns the policy document in this future format. This feature will be
 removed from amazon.aws in a release after 2023-12-01. Deprecation warnings 
can be disabled by setting deprecation_warnings=False in ansible.cfg.
[DEPRECATION WARNING]: The 'policies' return key is deprecated and will be 
replaced by 'policy_names'. Both values are returned for now. This feature will
 be removed from amazon.aws in a release after 2024-08-01. Deprecation warnings
 can be disabled by setting deprecation_warnings=False in ansible.cfg.
`;

function render(deprecationWarnings: boolean | undefined, verbosity = 0): { out: string; err: string } {
  let out = '';
  let err = '';
  const cb = new DefaultCallback({ verbosity, color: false, out: (t) => (out += t), err: (t) => (err += t), ...(deprecationWarnings === undefined ? {} : { deprecationWarnings }) });
  const task = (name: string, action: string) => ({ name, action, location: { file: 'p.yml', line: 1, column: 1 } });
  const events: RunEvent[] = [];
  // Twice each, as a second host would: the same text is shown once.
  for (const host of ['h1', 'h2']) {
    events.push({ kind: 'host-result', task: task('role', 'amazon.aws.iam_role'), host, status: 'changed', result: { changed: true, deprecations: ROLE } });
  }
  events.push({ kind: 'host-result', task: task('policy', 'amazon.aws.iam_policy'), host: 'h1', status: 'changed', result: { changed: true, deprecations: POLICY } });
  events.push({ kind: 'host-result', task: task('facts', 'ansible.builtin.gather_facts'), host: 'h1', status: 'ok', result: { changed: false, deprecations: [] } });
  for (const e of events) cb.handle(e);
  return { out, err };
}

describe('output: module deprecations', () => {
  it("prints ansible-playbook's [DEPRECATION WARNING] text, once per text", () => {
    assert.equal(render(undefined).err, ANSIBLE_STDERR);
  });

  it('is silent with deprecation_warnings off', () => {
    assert.equal(render(false).err, '');
  });

  it('takes printed deprecations out of the shown result and keeps an empty list, as _handle_warnings does', () => {
    const { out } = render(true, 1);
    assert.doesNotMatch(out.split('TASK [facts]')[0]!, /deprecations/);
    assert.match(out.split('TASK [facts]')[1]!, /"deprecations": \[\]/);
  });
});
