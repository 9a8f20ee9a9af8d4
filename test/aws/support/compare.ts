/**
 * The differential comparison of an AWS playbook's two runs. Same per-task status, and every key
 * the collection returned is returned by pgplay with the same value, after this normalisation
 * (the whole list; anything not here must match exactly):
 *
 *  1. AWS resource IDs (`vpc-…`, `subnet-…`, `igw-…`, `sg-…`, `rtb-…`, `rtbassoc-…`, `key-…`,
 *     `acl-…`, `aclassoc-…`, `dopt-…`, `vpc-cidr-assoc-…`, `subnet-cidr-assoc-…`, `eni-…`,
 *     `eipalloc-…`, `eni-attach-…`, `vol-…`, `r-…`, `sgr-…`, `i-…`, `ami-…`, `iip-assoc-…`) become `<kind#n>`, numbered by first appearance in a
 *     walk of the collection's keys in sorted order; the same ID maps to the same token, so
 *     references between results (a subnet's vpc_id) must still agree. IAM's unique IDs, which
 *     have no prefix to recognise them by (moto makes random ones), are tokens too, found by their
 *     key: `role_id`, `instance_profile_id`, `policy_id`.
 *  2. Timestamps (ISO 8601) become `<time>`; IPv4 addresses moto invents for instances (not
 *     CIDRs), also in their DNS-name form `ip-10-1-2-3`, become `<ip#n>` like IDs.
 *  3. Key material moto generates per key (`private_key` PEM text, and the fingerprint of a
 *     generated key) is compared by shape: `<pem>` / `<fingerprint>`.
 *  4. Lists whose order is Python set order in the collection (security-group rules:
 *     `ip_permissions`, `ip_permissions_egress` and their `ip_ranges`, `ipv6_ranges`,
 *     `user_id_group_pairs`, `prefix_list_ids`; elb_target_info's `instance_target_groups`;
 *     ec2_instance's `start_success`, `stop_success`, `reboot_success`, `terminate_success`; an
 *     instance's network interfaces' `groups`, which moto builds from a Python set) are sorted,
 *     by their text with IDs masked.
 *  4b. The `ClientToken` of ec2_instance's `spec` (a random uuid4 per launch) becomes `<token>`.
 *  5. Presigned URLs (s3_object's `url`): the signing time and the signature, which depend on the
 *     second each side signed at, become `<amz-date>` / `<signature>`; the rest must match.
 *  6. Keys that describe the runtime, not the resource, are dropped: `invocation`,
 *     `boto3_version`, `botocore_version`, `exception`, `warnings`, `_ansible_*`,
 *     and in a failure's `response_metadata` the transport details `http_headers` and `request_id`
 *     (moto answers each SDK with its own request id).
 *  7. ELBv2 listener ARNs end in a number moto makes from a Python object's address (it differs
 *     between emulator runs): the whole ARN becomes `<listener#n>` like an ID.
 *
 * `deprecations` (module.deprecate's entries, of the task and of each loop item) are compared
 * apart from the rest and in both directions: the same entries in the same order, an absent list
 * counting as empty (ansible drops an empty one). Cutting pgplay's result down to the collection's
 * keys would let an extra deprecation through.
 */
import assert from 'node:assert/strict';
import type { PlaybookRun } from './sides.js';

const DROP = new Set(['invocation', 'boto3_version', 'botocore_version', 'exception', 'warnings', 'deprecations', 'http_headers', 'request_id']);
// `deprecations` is dropped from the value comparison only: deprecationsOf compares it on its own.
const ID = /\b(iip-assoc|vpc-cidr-assoc|subnet-cidr-assoc|rtbassoc|aclassoc|eipalloc|eni-attach|vpc|subnet|igw|sg|sgr|rtb|key|acl|dopt|eni|vol|r|i|ami)-[0-9a-f]{8,17}\b/g;
/** Addresses moto invents for instances (never a CIDR: those are followed by /n), dotted or as in DNS names. */
const IP = /\b\d{1,3}(?:\.\d{1,3}){3}\b(?!\/)|\b\d{1,3}(?:-\d{1,3}){3}\b/g;
const LISTENER_ARN = /\barn:aws:elasticloadbalancing:[a-z0-9-]+:\d+:listener\/[A-Za-z0-9/_-]+/g;
const TIME = /\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/g;
const PEM = /^-----BEGIN [A-Z ]+-----[\s\S]*-----END [A-Z ]+-----\n?$/;
const FINGERPRINT = /^([0-9a-f]{2}:){15,}[0-9a-f]{2}$|^SHA256:[A-Za-z0-9+/=]+$/;

const AMZ_DATE = /(X-Amz-Date=)\d{8}T\d{6}Z/g;
const AMZ_SIGNATURE = /(X-Amz-Signature=)[0-9a-f]{64}/g;
const IAM_ID_KEYS = new Set(['role_id', 'instance_profile_id', 'policy_id']);
const UNORDERED = new Set(['ip_permissions', 'ip_permissions_egress', 'ip_ranges', 'ipv6_ranges', 'user_id_group_pairs', 'prefix_list_ids',
  'instance_target_groups', 'start_success', 'stop_success', 'reboot_success', 'terminate_success', 'groups']);
/** Values that are random per run by design. */
const RANDOM = new Set(['ClientToken']);

/** Sorted by canonical JSON (sorted keys) with resource IDs masked, so both sides sort alike. */
function sortMasked(list: unknown[]): unknown[] {
  const canon = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(canon) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, canon((x as Record<string, unknown>)[k])])) : x;
  const key = (x: unknown) => JSON.stringify(canon(x)).replace(ID, '$1');
  return [...list].sort((a, b) => key(a).localeCompare(key(b)));
}

/** Every UNORDERED list inside `v` sorted (see sortMasked). */
export function sortUnordered(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return (UNORDERED.has(key) ? sortMasked(v) : v).map((x) => sortUnordered(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortUnordered(x, k)]));
  return v;
}

export class Normaliser {
  private ids = new Map<string, string>();
  private counts = new Map<string, number>();

  /** The same token for the same value; numbered per kind by first appearance. */
  private token(value: string, kind: string): string {
    let t = this.ids.get(value);
    if (!t) {
      const n = (this.counts.get(kind) ?? 0) + 1;
      this.counts.set(kind, n);
      t = `<${kind}#${n}>`;
      this.ids.set(value, t);
    }
    return t;
  }

  text(s: string): string {
    if (PEM.test(s)) return '<pem>';
    if (FINGERPRINT.test(s)) return '<fingerprint>';
    return s
      .replace(LISTENER_ARN, (m) => this.token(m, 'listener'))
      .replace(AMZ_DATE, '$1<amz-date>')
      .replace(AMZ_SIGNATURE, '$1<signature>')
      .replace(ID, (m, kind: string) => this.token(m, kind))
      .replace(TIME, '<time>')
      .replace(IP, (m) => this.token(`ip:${m.replace(/-/g, '.')}`, 'ip'));
  }

  value(v: unknown, key = ''): unknown {
    if (typeof v === 'string' && IAM_ID_KEYS.has(key)) return this.token(v, key);
    if (typeof v === 'string') return this.text(v);
    // An unordered list of IDs: masking would make them all equal, so they are sorted by token.
    if (Array.isArray(v) && UNORDERED.has(key) && v.every((x) => typeof x === 'string')) return v.map((x) => this.text(x as string)).sort();
    if (Array.isArray(v)) return (UNORDERED.has(key) ? sortMasked(v) : v).map((x) => this.value(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        if (DROP.has(k) || k.startsWith('_ansible')) continue;
        out[this.text(k)] = RANDOM.has(k) ? '<token>' : this.value((v as Record<string, unknown>)[k], k);
      }
      return out;
    }
    return v;
  }
}

/** `actual` cut down to the keys `expected` has (recursively); missing keys stay missing. */
export function project(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((a, i) => (i < expected.length ? project(expected[i], a) : a));
  if (expected && typeof expected === 'object' && !Array.isArray(expected) && actual && typeof actual === 'object' && !Array.isArray(actual)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(expected)) if (Object.hasOwn(actual, k)) out[k] = project((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]);
    return out;
  }
  return actual;
}

/** Each deprecation of a result as `[where, entry]`: the task's own, then each loop item's. */
export function deprecationsOf(result: Record<string, unknown>): [string, unknown][] {
  const own = (r: unknown): unknown[] => (r && typeof r === 'object' && Array.isArray((r as Record<string, unknown>)['deprecations']) ? ((r as Record<string, unknown>)['deprecations'] as unknown[]) : []);
  const out: [string, unknown][] = own(result).map((d) => ['task', d]);
  const items = Array.isArray(result['results']) ? (result['results'] as unknown[]) : [];
  items.forEach((item, i) => out.push(...own(item).map((d): [string, unknown] => [`results[${i}]`, d])));
  return out;
}

/** Asserts the two runs agree as the module header says. */
export function assertSameRuns(ansible: PlaybookRun, pgplay: PlaybookRun, explain: (r: PlaybookRun) => string): void {
  const statuses = (r: PlaybookRun) => r.tasks.map((t) => `${t.task}: ${t.status}`);
  assert.deepEqual(statuses(pgplay), statuses(ansible), `per-task status differs\n${explain(ansible)}\n${explain(pgplay)}`);
  assert.equal(pgplay.exitCode, ansible.exitCode, `exit code differs\n${explain(pgplay)}`);
  const na = new Normaliser();
  const np = new Normaliser();
  ansible.tasks.forEach((t, i) => {
    // Unordered lists are sorted before pgplay's result is cut to the collection's keys, so items
    // are paired by content, not by position.
    const exp = sortUnordered(t.result);
    const expected = na.value(exp);
    const actual = np.value(project(exp, sortUnordered(pgplay.tasks[i]!.result)));
    assert.deepEqual(actual, expected, `task ${i} "${t.task}": pgplay's result differs from the collection's`);
    assert.deepEqual(deprecationsOf(pgplay.tasks[i]!.result), deprecationsOf(t.result), `task ${i} "${t.task}": pgplay's deprecations differ from the collection's`);
  });
}
