/**
 * Reads the harness's own YAML (case.yaml, expect.yaml, keywords.yaml) with the oracle's
 * PyYAML, in one process for many files. The judge must not depend on the loader it judges.
 */
import { spawnSync } from 'node:child_process';
import { venvPython, requireOracle } from './paths.js';

const SCRIPT = [
  'import json, sys, yaml',
  // Playbooks hold Ansible's tags; the lint needs only the structure around them.
  'for tag in ("!vault", "!unsafe"): yaml.SafeLoader.add_constructor(tag, lambda loader, node: loader.construct_scalar(node))',
  'print(json.dumps({p: yaml.safe_load(open(p, encoding="utf-8")) for p in sys.argv[1:]}))',
].join('\n');

export function readYamlFiles(paths: readonly string[]): Map<string, unknown> {
  if (paths.length === 0) return new Map();
  requireOracle();
  const r = spawnSync(venvPython, ['-c', SCRIPT, ...paths], { encoding: 'utf-8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`reading ${paths.join(', ')} failed:\n${r.stderr}`);
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, unknown>));
}

export function readYaml(path: string): unknown {
  return readYamlFiles([path]).get(path);
}
