/**
 * The file tree a run leaves in its work dir, as comparable lines: relative path, type, mode,
 * owner:group, and sha256 of files or the target of links. Cases that manage files are judged
 * on this as well as on their events and text (issue 5: paths, types, modes, owners, sha256,
 * link targets). Backup names carry a pid and a time, so they are normalised like results.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { pathReplacer, volatileNames, type SandboxPaths } from './normalise.js';

function describe(abs: string, rel: string): string {
  const st = lstatSync(abs);
  const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
  const head = `${volatileNames(rel)} mode=${mode} owner=${st.uid}:${st.gid}`;
  if (st.isSymbolicLink()) return `${head} link -> ${volatileNames(readlinkSync(abs))}`;
  if (st.isDirectory()) return `${head} dir`;
  if (st.isFile()) return `${head} file sha256=${createHash('sha256').update(readFileSync(abs)).digest('hex')}`;
  return `${head} other`;
}

/** `p`'s paths are normalised in names and link targets, with or without their leading slash
 * (fetch stores files under dest/<host>/<absolute source path>). */
export function snapshot(dir: string, p?: SandboxPaths): string[] {
  if (!p) return walkTree(dir);
  const abs = pathReplacer(p);
  const rel = pathReplacer({ root: p.root.slice(1), work: p.work.slice(1), caseDir: p.caseDir.slice(1), home: p.home.slice(1) });
  return walkTree(dir).map((l) => rel(abs(l)));
}

function walkTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      out.push(describe(join(dir, r), r));
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
    }
  };
  walk('');
  return out.sort();
}

/** Lines only one side has, as "ansible only: …" / "<side> only: …". */
export function compareSnapshots(a: string[], b: string[], side: string): string[] {
  const setA = new Set(a);
  const setB = new Set(b);
  return [
    ...a.filter((l) => !setB.has(l)).map((l) => `work dir: ansible only: ${l}`),
    ...b.filter((l) => !setA.has(l)).map((l) => `work dir: ${side} only: ${l}`),
  ];
}
