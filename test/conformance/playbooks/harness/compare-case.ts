/** Everything that must agree between ansible-playbook and pgplay for one case. */
import { compareEvents } from './compare-events.js';
import { compareText } from './compare-text.js';
import type { SideRun } from './sides.js';
import { compareSnapshots } from './end-state.js';
import { compareEventsPerHost, compareTextPerHost } from './compare-per-host.js';

function tail(s: string): string {
  const t = s.trim().split('\n').slice(-6).join('\n    ');
  return t ? `\n    ${t}` : ' (empty)';
}

/** Display.error's paragraphs: " [ERROR]: …" and its wrapped lines, up to a blank line. */
export function errorParagraphs(stderr: string): string[] {
  return [...stderr.matchAll(/^ ?\[ERROR\]: .*(?:\n(?!\s*$).*)*/gm)].map((m) => m[0]);
}

export function compareRuns(ansible: SideRun, json: SideRun, text: SideRun, mode: 'full' | 'per-host' = 'full', compareErrors = false): string[] {
  const problems: string[] = [];
  if (compareErrors) {
    const want = errorParagraphs(ansible.proc.stderr);
    // The text run prints them as ansible does; the JSON run carries them as `error` events.
    for (const r of [text]) {
      const got = errorParagraphs(r.proc.stderr);
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`[ERROR] lines on stderr: ansible ${JSON.stringify(want)}, ${r.side} ${JSON.stringify(got)}`);
    }
  }
  const rc = ansible.proc.exitCode;
  for (const r of [json, text]) {
    if (r.proc.exitCode !== rc) problems.push(`exit code: ansible ${rc}, ${r.side} ${r.proc.exitCode}; ${r.side} stderr:${tail(r.proc.stderr)}`);
  }
  for (const r of [json, text]) for (const s of r.leaks ?? []) problems.push(`${r.side} printed the vault secret ${JSON.stringify(s)}`);
  if (json.garbage?.length) problems.push(`pgplay --output json printed ${json.garbage.length} non-JSON line(s), first: ${JSON.stringify(json.garbage[0])}`);
  const end = json.events?.at(-1);
  if (!end || end['kind'] !== 'playbook-end' || end['exitCode'] !== json.proc.exitCode) {
    problems.push(`pgplay events must end with {kind: playbook-end, exitCode: ${json.proc.exitCode}}; last event: ${JSON.stringify(end ?? null)}`);
  }
  if (mode === 'per-host') {
    problems.push(...compareEventsPerHost(ansible.events ?? [], json.events ?? []).map((p) => `events: ${p}`));
    problems.push(...compareTextPerHost(ansible.text ?? [], text.text ?? []));
    return problems;
  }
  problems.push(...compareEvents(ansible.events ?? [], json.events ?? []).map((p) => `events: ${p}`));
  problems.push(...compareText(ansible.text ?? [], text.text ?? []));
  for (const r of [json, text]) problems.push(...compareSnapshots(ansible.state, r.state, r.side));
  return problems;
}
