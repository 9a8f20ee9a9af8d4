/**
 * unarchive.py's GNU tar handlers (TgzArchive, TarArchive, TarBzipArchive, TarXzArchive,
 * TarZstdArchive), run on the target with its own tar: the handler is the first whose
 * `tar --list` succeeds, `tar --diff` decides whether the archive is already unpacked (the same
 * line filters as is_unarchived), `tar --extract` unpacks. Command lines are ansible's, so the
 * `extract_results.cmd` a task returns reads the same.
 */
import { sh, ModuleFailure, fnmatchRegex, type ModuleContext } from '@pgplay/engine/module-api';
import { shlexQuote } from './util/py-shlex.js';

export interface TarOptions {
  src: string;
  dest: string;
  extraOpts: string[];
  exclude: string[];
  include: string[];
  owner?: string | null;
  group?: string | null;
  mode?: unknown;
  keepNewer: boolean;
}

export interface TarHandler {
  name: string;
  tar: string;
  zipflag: string;
  files: string[];
}

const HANDLERS: [string, string][] = [['TgzArchive', '-z'], ['TarArchive', ''], ['TarBzipArchive', '-j'], ['TarXzArchive', '-J'], ['TarZstdArchive', '--use-compress-program=zstd']];
const LOCALE = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', LC_MESSAGES: 'C.UTF-8', LANGUAGE: 'C.UTF-8' };

function common(h: { tar: string; zipflag: string }, verb: string, o: TarOptions, withAttrs: boolean): string[] {
  const cmd = [h.tar, verb, '-C', o.dest];
  if (h.zipflag) cmd.push(h.zipflag);
  if (o.extraOpts.length) cmd.push('--show-transformed-names', ...o.extraOpts);
  if (withAttrs) {
    if (o.owner) cmd.push(`--owner=${shlexQuote(o.owner)}`);
    if (o.group) cmd.push(`--group=${shlexQuote(o.group)}`);
    if (o.keepNewer) cmd.push('--keep-newer-files');
  }
  cmd.push(...o.exclude.map((f) => `--exclude=${f}`), '-f', o.src, ...o.include);
  return cmd;
}

/** codecs.escape_decode of tar's listing (it writes unusual bytes as \ooo). */
function unescape(s: string): string {
  return Buffer.from(s.replace(/\\([0-7]{3}|.)/g, (_, c: string) => (c.length === 3 ? String.fromCharCode(parseInt(c, 8)) : c === 'n' ? '\n' : c === 't' ? '\t' : c)), 'latin1').toString('utf8');
}

async function run(ctx: ModuleContext, argv: string[], cwd: string): Promise<{ rc: number; out: string; err: string }> {
  const r = await ctx.host.exec(sh`cd ${cwd} && exec ${argv}`, { env: LOCALE });
  return { rc: r.rc, out: r.stdout, err: r.stderr };
}

/** pick_handler for the tar family: GNU tar, then the first compression whose listing works. */
export async function pickTarHandler(ctx: ModuleContext, o: TarOptions): Promise<TarHandler | { reasons: string[] }> {
  const which = await ctx.host.exec(sh`command -v gtar || command -v tar`);
  const tar = which.stdout.trim().split('\n')[0];
  if (!tar) return { reasons: ["Unable to find required 'gtar' or 'tar' binary in the path"] };
  const version = await ctx.host.exec([tar, '--version']);
  if (!(version.stdout.startsWith('tar') && version.stdout.includes('GNU'))) {
    return { reasons: [`Command "${tar}" detected as tar type ${version.stdout.startsWith('bsdtar') ? 'bsd' : 'None'}. GNU tar required.`] };
  }
  const reasons: string[] = [];
  const excludes = o.exclude.map((e) => e.replace(/\/+$/, ''));
  for (const [name, zipflag] of HANDLERS) {
    const h = { tar, zipflag };
    const r = await run(ctx, common(h, '--list', { ...o, exclude: excludes }, false), o.dest);
    if (r.rc !== 0) {
      reasons.push(`Command "${tar}" could not handle archive: Unable to list files in the archive: ${r.err}`);
      continue;
    }
    const files = r.out.split('\n').filter((l) => l !== '').map((l) => unescape(l).replace(/^\//, ''))
      .filter((f) => !excludes.some((e) => fnmatchRegex(e).test(f)));
    if (files.length) return { name, tar, zipflag, files };
    reasons.push(`Command "${tar}" found no files in archive. Empty archive files are not supported.`);
  }
  return { reasons };
}

const RE = {
  owner: /: Uid differs$/, group: /: Gid differs$/, mode: /: Mode differs$/, mtime: /: Mod time differs$/,
  empty: /: : Warning: Cannot stat: No such file or directory$/, missing: /: Warning: Cannot stat: No such file or directory$/,
  badOwner: /: Invalid owner/, badGroup: /: Invalid group/,
};

/** is_unarchived: `tar --diff`, keeping only the differences that matter for these options. */
export async function isUnarchived(ctx: ModuleContext, h: TarHandler, o: TarOptions, uid: number): Promise<boolean> {
  const r = await run(ctx, common(h, '--diff', { ...o, exclude: o.exclude.map((e) => e.replace(/\/+$/, '')) }, true), o.dest);
  const lines = [...r.out.split('\n'), ...r.err.split('\n')].filter((l) => l !== '');
  return !lines.some((l) => !RE.empty.test(l) && (
    (uid === 0 && !o.owner && RE.owner.test(l)) || (uid === 0 && !o.group && RE.group.test(l)) || (!o.mode && RE.mode.test(l))
    || RE.mtime.test(l) || RE.missing.test(l) || RE.badOwner.test(l) || RE.badGroup.test(l)));
}

export async function extract(ctx: ModuleContext, h: TarHandler, o: TarOptions): Promise<{ cmd: string[]; rc: number; out: string; err: string }> {
  const cmd = common(h, '--extract', { ...o, exclude: o.exclude.map((e) => e.replace(/\/+$/, '')) }, true);
  const r = await run(ctx, cmd, o.dest);
  return { cmd, ...r };
}

/** A ModuleFailure for pick_handler finding nothing (reasons joined as ansible's set prints them). */
export function noHandler(src: string, reasons: string[]): ModuleFailure {
  return new ModuleFailure(`Failed to find handler for "${src}". Make sure the required command to extract the file is installed.\n${[...new Set(reasons)].join('\n')}`);
}
