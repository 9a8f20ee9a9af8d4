// ansible's install_deb for `deb:` (files on the target, comma-separated, or a URL fetched on the
// target first): the .deb's fields read with dpkg, the same-version check, python-apt's
// DebPackage.check() (architecture, "later version", Depends/Pre-Depends satisfied or satisfiable by
// candidates), missing dependencies installed through apt-get, then `dpkg -i`.
import { ModuleFailure, sh, type ModuleContext, type ModuleResult } from '@pgplay/engine/module-api';
import { type AptArgs, DEFAULT_DPKG_OPTIONS, expandDpkgOptions, installCommand, parseDiff, run } from './commands.js';
import { installList, parseSpec } from './decide.js';
import { fetchOnTarget, withTemp } from './fetch.js';
import { readAptState } from './state.js';
import { checkDep, compareVersions } from './version.js';

export type Mode = 'check' | 'predict' | 'apply';

interface Dep { name: string; op: string; ver: string }

function parseDepends(field: string): Dep[][] {
  return field.split(',').map((g) => g.trim()).filter(Boolean).map((g) => g.split('|').map((alt) => {
    const m = /^\s*([^\s(:]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?/.exec(alt)!;
    return { name: m[1]!, op: m[2] ?? '', ver: m[3] ?? '' };
  }));
}

/** fetch_file: the URL downloaded on the target into a temporary name like ansible's. */
async function fetchDeb(ctx: ModuleContext, url: string, dir: string): Promise<string> {
  const base = new URL(url).pathname.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  const [prefix, ext] = dot <= 0 ? [base, ''] : [base.slice(0, dot), base.slice(dot)];
  const rand = Array.from({ length: 8 }, () => 'abcdefghijklmnopqrstuvwxyz0123456789_'[Math.floor(Math.random() * 37)]).join('');
  const dest = `${dir}/${prefix}${rand}${ext}`;
  await fetchOnTarget(ctx, url, dest, `Failure downloading ${url}, `);
  return dest;
}

interface DebInfo { file: string; name: string; version: string; arch: string; depends: Dep[][] }

async function readDeb(ctx: ModuleContext, file: string): Promise<DebInfo> {
  const r = await ctx.host.exec(sh`dpkg-deb -f ${file} Package Version Architecture Depends Pre-Depends`);
  if (r.rc !== 0) throw new ModuleFailure(`Unable to install package: ${r.stderr.trim()}`);
  const f: Record<string, string> = {};
  for (const m of r.stdout.replace(/\n\s+/g, ' ').matchAll(/^([A-Za-z-]+): ?(.*)$/gm)) f[m[1]!] = m[2]!;
  return { file, name: f['Package'] ?? '', version: f['Version'] ?? '', arch: f['Architecture'] ?? '', depends: [...parseDepends(f['Pre-Depends'] ?? ''), ...parseDepends(f['Depends'] ?? '')] };
}

async function installDebFiles(a: AptArgs, ctx: ModuleContext, mode: Mode, files: string[]): Promise<ModuleResult | 'apply'> {
  const debs = await Promise.all(files.map((f) => readDeb(ctx, f)));
  const depNames = debs.flatMap((d) => d.depends.flat().map((x) => x.name));
  const st = await readAptState(ctx.host, [...new Set([...debs.map((d) => d.name), ...depNames])]);
  const nativeArch = (await ctx.host.exec(sh`dpkg --print-architecture`)).stdout.trim();
  const deps: string[] = [];
  const toInstall: string[] = [];
  for (const d of debs) {
    const p = st.packages.get(d.name)!;
    if (p.installed && compareVersions(d.version, p.installedVersion!) === 0) continue;
    let failure = '';
    if (d.arch !== 'all' && d.arch !== nativeArch) failure = `Wrong architecture '${d.arch}' -- Run dpkg --add-architecture to add it and update afterwards`;
    else if (p.installed && compareVersions(d.version, p.installedVersion!) < 0) failure = 'A later version is already installed';
    else {
      for (const group of d.depends) {
        const satisfied = group.some((x) => { const q = st.packages.get(x.name)!; return q.installed && checkDep(q.installedVersion!, x.op, x.ver); });
        if (satisfied) continue;
        const pick = group.map((x) => {
          const q = st.packages.get(x.name)!;
          const name = !q.known && q.providers.length === 1 ? q.providers[0]! : x.name;
          const c = st.packages.get(name)?.candidate;
          return c && checkDep(c, x.op, x.ver) ? name : null;
        }).find((n) => n !== null);
        if (pick) { deps.push(pick); continue; }
        // python-apt's or_str: its `ver and oper` test reads the last alternative's (a quirk kept).
        const last = group.at(-1)!;
        failure += `Dependency is not satisfiable: ${group.map((x) => x.name + (last.ver && last.op ? ` (${x.op} ${x.ver})` : '')).join('|')}\n`;
        break;
      }
    }
    if (failure && !(a.force || (failure.includes('later version') && a.allow_downgrade))) throw new ModuleFailure(failure);
    toInstall.push(d.file);
  }
  if (mode === 'predict') return toInstall.length > 0 ? 'apply' : { changed: false, stdout: '', stderr: '', diff: '' as never };

  let retvals: ModuleResult = {};
  const policy = a.policy_rc_d;
  if (deps.length > 0) {
    const { list, names } = installList(deps.map(parseSpec), st, { upgrade: false, onlyUpgrade: false });
    if (list.length > 0) {
      const cmd = installCommand({ ...a, force: false }, { dpkgOptions: expandDpkgOptions(a.dpkg_options ?? DEFAULT_DPKG_OPTIONS) }, list, mode === 'check');
      const r = await run(ctx, cmd, policy);
      if (r.rc !== 0) throw new ModuleFailure(`'${cmd}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
      retvals = { changed: true, stdout: r.stdout, stderr: r.stderr, diff: ctx.diff ? parseDiff(r.stdout) : {} };
    } else retvals = { changed: false };
    if (mode === 'apply') await markManual(ctx, names);
  }
  if (toInstall.length === 0) return { changed: retvals.changed === true, stdout: (retvals['stdout'] as string) ?? '', stderr: (retvals['stderr'] as string) ?? '', diff: (retvals.diff ?? '') as never };
  let options = (a.dpkg_options ?? DEFAULT_DPKG_OPTIONS).split(',').map((x) => `--${x}`).join(' ');
  if (mode === 'check') options += ' --simulate';
  if (a.force) options += ' --force-all';
  const cmd = `dpkg ${options} -i ${toInstall.join(' ')}`;
  const r = await run(ctx, cmd, policy);
  const stdout = ((retvals['stdout'] as string) ?? '') + r.stdout;
  const stderr = ((retvals['stderr'] as string) ?? '') + r.stderr;
  let diff: unknown;
  if (retvals.diff !== undefined) {
    diff = retvals.diff;
    const d = diff as { prepared?: string };
    if (d.prepared !== undefined) d.prepared += '\n\n' + r.stdout;
  } else diff = parseDiff(r.stdout);
  if (r.rc !== 0) throw new ModuleFailure(`${cmd} failed`, { stdout, stderr });
  return { changed: true, stdout, stderr, diff: diff as never };
}

/** mark_installed_manually: `apt-mark manual` of the names install() was given. */
export async function markManual(ctx: ModuleContext, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const r = await ctx.host.exec(sh`apt-mark manual ${names}`);
  if (r.rc !== 0) throw new ModuleFailure(`'/usr/bin/apt-mark manual ${names.join(' ')}' failed: ${r.stderr}`, { stdout: r.stdout, stderr: r.stderr, rc: r.rc });
}

/** install_deb, fetching URLs first into a private temporary directory on the target. */
export async function installDeb(a: AptArgs, ctx: ModuleContext, mode: Mode): Promise<ModuleResult | 'apply'> {
  const deb = a.deb!;
  if (!deb.includes('://')) return installDebFiles(a, ctx, mode, deb.split(','));
  return withTemp(ctx, async (dir) => installDebFiles(a, ctx, mode, [await fetchDeb(ctx, deb, dir)]));
}
