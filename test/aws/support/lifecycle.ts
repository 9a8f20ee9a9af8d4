/**
 * The per-module proof: a task run for real, read back; run again (changed=0); a modified task
 * under --check --diff (emulator untouched) whose diff equals the snapshots before/after the real
 * run; then absent, twice.
 */
import assert from 'node:assert/strict';
import type { MotoSuite } from './suite.js';
import { awsPlay } from './play.js';
import { explain, runAws, type PlaybookRun } from './sides.js';
import { assertMatchesSnapshot } from './snapshots.js';

export interface LifecycleSpec {
  /** Tasks that build what the module needs (run once, first). */
  setup?: string;
  /** The module task, its modified form, and its absent form (YAML task list items). */
  create: string;
  modify: string;
  absent: string;
  /** The ID of the resource from the create task's result. */
  idOf(result: Record<string, unknown>): string;
  snapshot(id: string): Promise<Record<string, unknown>>;
  /** What the first snapshot must hold (read back through the SDK). */
  expectCreated(snap: Record<string, unknown>): void;
  expectModified(snap: Record<string, unknown>): void;
  /** The status of the absent task run a second time ('ok' unless the module's deletes are always changes). */
  absentAgain?: 'ok' | 'changed';
}

const pb = (tasks: string): string => awsPlay(tasks);

/** The last task's result of a run (setup tasks come first). */
const last = (r: PlaybookRun) => r.tasks[r.tasks.length - 1]!;

export async function proveLifecycle(suite: MotoSuite, spec: LifecycleSpec): Promise<void> {
  await suite.moto.reset();
  const setup = spec.setup ?? '';
  const run = async (tasks: string, args: string[] = []) => {
    const r = await runAws('pgplay', suite.moto, pb(setup + tasks), { args });
    assert.ok(r.tasks.length > 0 && r.exitCode === 0, explain(r));
    return r;
  };
  const created = await run(spec.create);
  assert.equal(last(created).status, 'changed', explain(created));
  const id = spec.idOf(last(created).result);
  const s0 = await spec.snapshot(id);
  spec.expectCreated(s0);
  const again = await run(spec.create);
  assert.equal(last(again).status, 'ok', `re-run must be changed=0\n${explain(again)}`);
  // Setup tasks are idempotent by now, so only the module's own change shows.
  const check = await run(spec.modify, ['--check', '--diff']);
  assert.equal(last(check).status, 'changed', explain(check));
  assert.deepEqual(await spec.snapshot(id), s0, 'check mode changed the emulator');
  const real = await run(spec.modify);
  assert.equal(last(real).status, 'changed', explain(real));
  const s1 = await spec.snapshot(id);
  spec.expectModified(s1);
  const diff = last(check).result['diff'] as { before: unknown; after: unknown };
  assertMatchesSnapshot(diff.before, s0, 'diff.before is the state before');
  assertMatchesSnapshot(diff.after, s1, 'diff.after is the state after the real run');
  const modAgain = await run(spec.modify);
  assert.equal(last(modAgain).status, 'ok', `modified re-run must be changed=0\n${explain(modAgain)}`);
  const checkDel = await run(spec.absent, ['--check', '--diff']);
  assert.equal(last(checkDel).status, 'changed', explain(checkDel));
  assert.deepEqual(await spec.snapshot(id), s1, 'check mode deleted');
  const delDiff = last(checkDel).result['diff'] as { before: unknown; after: unknown };
  assertMatchesSnapshot(delDiff.before, s1, 'delete diff.before');
  // {} for pgplay's own diffs; null where the module returns the collection's diff (None after a delete).
  assert.deepEqual(delDiff.after ?? {}, {});
  const del = await run(spec.absent);
  assert.equal(last(del).status, 'changed', explain(del));
  assert.deepEqual(await spec.snapshot(id), {}, 'the resource still exists');
  const delAgain = await run(spec.absent);
  assert.equal(last(delAgain).status, spec.absentAgain ?? 'ok', `absent again must be changed=0\n${explain(delAgain)}`);
}

/**
 * A create under --check --diff (emulator untouched) whose diff equals the resource as the real
 * run then makes it: `setup` is run for real first, `create` is the module task (last in the play).
 */
export async function proveCreateDiff(suite: MotoSuite, spec: { setup: string; create: string; snapshot(): Promise<Record<string, unknown>> }): Promise<void> {
  await suite.moto.reset();
  const made = await runAws('pgplay', suite.moto, pb(spec.setup));
  assert.equal(made.exitCode, 0, explain(made));
  const check = await runAws('pgplay', suite.moto, pb(spec.setup + spec.create), { args: ['--check', '--diff'] });
  assert.equal(last(check).status, 'changed', explain(check));
  assert.deepEqual(await spec.snapshot(), {}, 'check mode created the resource');
  const real = await runAws('pgplay', suite.moto, pb(spec.setup + spec.create));
  assert.equal(last(real).status, 'changed', explain(real));
  const diff = last(check).result['diff'] as { before: unknown; after: unknown };
  assert.deepEqual(diff.before, {});
  assertMatchesSnapshot(diff.after, await spec.snapshot(), 'the create diff is the resource as made');
}
