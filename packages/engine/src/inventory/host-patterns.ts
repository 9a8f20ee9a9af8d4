/**
 * Host patterns as `inventory/manager.py` evaluates them: `a,b` or `a:b` unions, `&` intersection,
 * `!` exclusion (applied after all unions, whatever their position), globs and `~regex` over
 * group and host names, `[i]` / `[i:j]` subscripts, and the implicit localhost.
 */
import { fnmatchRegex } from '../values/fnmatch.js';
import { compilePython } from '../template/ansible/regex/translate.js';
import { parseAddress } from './host-address.js';
import type { Host } from './host-group.js';
import { InventoryError } from './host-group.js';
import type { InventoryData } from './inventory-data.js';
import { LOCALHOST_NAMES } from './inventory-data.js';

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;
const SPLIT = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/** `split_host_pattern`: commas split; otherwise `:` does, unless the whole is host[:port]. */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else {
    try {
      parseAddress(pattern, true);
      parts = [pattern];
    } catch {
      parts = pattern.match(SPLIT) ?? [];
    }
  }
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** `order_patterns`: unions first, then intersections, then exclusions; no union means `all`. */
function orderPatterns(patterns: string[]): string[] {
  const regular = patterns.filter((p) => p && p[0] !== '!' && p[0] !== '&');
  const inter = patterns.filter((p) => p && p[0] === '&');
  const excl = patterns.filter((p) => p && p[0] === '!');
  return [...(regular.length ? regular : ['all']), ...inter, ...excl];
}

export class PatternMatcher {
  private readonly cache = new Map<string, Host[]>();
  constructor(
    private readonly inv: InventoryData,
    private readonly warn: (message: string) => void,
  ) {}

  /** `_evaluate_patterns` over already split patterns. */
  evaluate(patterns: string[]): Host[] {
    let hosts: Host[] = [];
    for (const p of orderPatterns(patterns)) {
      const direct = this.inv.hosts.get(p);
      if (direct) {
        hosts.push(direct);
        continue;
      }
      const that = this.matchOne(p);
      if (p[0] === '!') hosts = hosts.filter((h) => !that.includes(h));
      else if (p[0] === '&') hosts = hosts.filter((h) => that.includes(h));
      else {
        const existing = new Set(hosts.map((h) => h.name));
        hosts.push(...that.filter((h) => !existing.has(h.name)));
      }
    }
    return hosts;
  }

  private matchOne(pattern: string): Host[] {
    if (pattern[0] === '&' || pattern[0] === '!') pattern = pattern.slice(1);
    const cached = this.cache.get(pattern);
    if (cached) return cached;
    const { expr, subscript } = splitSubscript(pattern, this.warn);
    let hosts = this.enumerate(expr);
    if (hosts.length && subscript) {
      const [start, end] = subscript;
      if (end) hosts = hosts.slice(start, (end === -1 ? hosts.length - 1 : end) + 1);
      else {
        const i = start < 0 ? hosts.length + start : start;
        if (i < 0 || i >= hosts.length) throw new InventoryError(`No hosts matched the subscripted pattern '${pattern}'`);
        hosts = [hosts[i]!];
      }
    }
    this.cache.set(pattern, hosts);
    return hosts;
  }

  /** `_enumerate_matches`: groups by name first, then hosts for globs/regexes or when no group matched. */
  private enumerate(pattern: string): Host[] {
    const results: Host[] = [];
    const re = compilePattern(pattern);
    const groups = [...this.inv.groups.keys()].filter((g) => re(g));
    for (const g of groups) results.push(...this.inv.groups.get(g)!.allHosts());
    if (!groups.length || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
      for (const [name, h] of this.inv.hosts) if (re(name)) results.push(h);
    }
    if (!results.length && LOCALHOST_NAMES.includes(pattern)) {
      const implicit = this.inv.getHost(pattern);
      if (implicit) results.push(implicit);
    }
    if (!results.length && !groups.length && pattern !== 'all') {
      this.warn(`Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    return results;
  }
}

function splitSubscript(pattern: string, warn: (m: string) => void): { expr: string; subscript?: [number, number | undefined] } {
  if (pattern[0] === '~') return { expr: pattern };
  const m = WITH_SUBSCRIPT.exec(pattern);
  if (!m) return { expr: pattern };
  if (m[2] !== undefined) return { expr: m[1]!, subscript: [Number(m[2]), undefined] };
  if (m[4] === '-') warn('Use [x:y] inclusive subscripts instead of [x-y] which has been removed');
  return { expr: m[1]!, subscript: [Number(m[3]), m[5] ? Number(m[5]) : -1] };
}

/** fnmatch (anchored both ends) or, after `~`, a Python regex anchored at the start only. */
function compilePattern(pattern: string): (name: string) => boolean {
  let re: RegExp;
  try {
    re = pattern[0] === '~' ? pythonMatch(pattern.slice(1)) : fnmatchRegex(pattern);
  } catch {
    throw new InventoryError(`Invalid host list pattern: ${pattern}`);
  }
  return (name) => {
    re.lastIndex = 0;
    return re.test(name);
  };
}

/** re.match(): Python's regex, anchored at the start only (sticky). */
function pythonMatch(src: string): RegExp {
  const c = compilePython(src);
  return new RegExp(c.regex.source, c.regex.flags.replace('g', '') + 'y');
}

