/**
 * Ansible's Jinja2 environment (trim_blocks on, lstrip_blocks off, `#jinja2:` header overrides),
 * the parse cache, and the template-file loader over the search path.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateAst } from './ast.js';
import type { JinjaEnvironment, TemplateOptions } from './types.js';
import { parseTemplate } from './parser.js';
import { TemplateError } from './errors.js';
import { literalEval, NOT_LITERAL } from './literal-eval.js';
import type { Loader } from './runtime.js';

export const ANSIBLE_ENV: Readonly<JinjaEnvironment> = Object.freeze({
  trimBlocks: true,
  lstripBlocks: false,
  keepTrailingNewline: false,
  newlineSequence: '\n',
  blockStartString: '{%',
  blockEndString: '%}',
  variableStartString: '{{',
  variableEndString: '}}',
  commentStartString: '{#',
  commentEndString: '#}',
});

export function envOf(options: TemplateOptions | undefined): JinjaEnvironment {
  return options?.environment ? { ...ANSIBLE_ENV, ...options.environment } : ANSIBLE_ENV;
}

const HEADER_KEYS: Record<string, keyof JinjaEnvironment> = {
  trim_blocks: 'trimBlocks', lstrip_blocks: 'lstripBlocks', keep_trailing_newline: 'keepTrailingNewline',
  newline_sequence: 'newlineSequence', block_start_string: 'blockStartString', block_end_string: 'blockEndString',
  variable_start_string: 'variableStartString', variable_end_string: 'variableEndString',
  comment_start_string: 'commentStartString', comment_end_string: 'commentEndString',
};

/** Ansible's `#jinja2: key: value, …` first line: returns the body and the overridden environment. */
export function applyHeader(source: string, env: JinjaEnvironment): { source: string; env: JinjaEnvironment; lines: number } {
  if (!source.startsWith('#jinja2:')) return { source, env, lines: 0 };
  const eol = source.indexOf('\n');
  // Python's data[len(prefix):-1] when there is no newline drops the last character; keep that.
  const line = source.slice('#jinja2:'.length, eol < 0 ? source.length - 1 : eol);
  const out = { ...env } as Record<string, unknown>;
  for (const pair of line.split(',')) {
    const i = pair.indexOf(':');
    if (i < 0) {
      throw new TemplateError('template-syntax', `failed to parse jinja2 override '${pair.trim()}'. Did you use something different from colon as key-value separator?`);
    }
    const key = pair.slice(0, i).trim();
    const v = literalEval(pair.slice(i + 1).trim());
    if (v === NOT_LITERAL) throw new TemplateError('template-syntax', `malformed node or string in jinja2 override '${pair.trim()}'`);
    const k = HEADER_KEYS[key];
    if (k) out[k] = v;
  }
  return { source: eol < 0 ? '' : source.slice(eol + 1), env: out as unknown as JinjaEnvironment, lines: 1 };
}

/** Jinja2 normalises newlines and drops one trailing newline unless keep_trailing_newline. */
export function preprocess(source: string, env: JinjaEnvironment): string {
  let s = source.includes('\r') ? source.replace(/\r\n|\r/g, '\n') : source;
  if (!env.keepTrailingNewline && s.endsWith('\n')) s = s.slice(0, -1);
  return s;
}

const MAX_CACHE = 2000;
/** Per lexing environment: source text → parsed template, in LRU order. */
const caches = new Map<string, Map<string, TemplateAst>>();

function envKey(env: JinjaEnvironment): string {
  if (env === ANSIBLE_ENV) return '';
  return [env.trimBlocks, env.lstripBlocks, env.blockStartString, env.blockEndString, env.variableStartString,
    env.variableEndString, env.commentStartString, env.commentEndString].join('\u0000');
}

/**
 * Parses (after Jinja2's newline preprocessing) with an LRU cache keyed by the environment's
 * lexing settings and the source text as given, so a caller's repeated string hits without copying.
 */
export function parseCached(source: string, env: JinjaEnvironment): TemplateAst {
  const ek = envKey(env);
  let cache = caches.get(ek);
  if (!cache) caches.set(ek, (cache = new Map()));
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const ast = parseTemplate(preprocess(source, env), env);
  cache.set(source, ast);
  if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value!);
  return ast;
}

/** Jinja2's split_template_path: no `..`, no empty or `.` segments, so includes stay in the search path. */
function safeSegments(name: string): string[] | undefined {
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '..' || p.includes('\\') || p.includes('\0')) return undefined;
    if (p && p !== '.') parts.push(p);
  }
  return parts.length ? parts : undefined;
}

/** The template action's search path: each directory's templates/ first, then the directory. */
export function makeLoader(options: TemplateOptions | undefined, env: JinjaEnvironment): Loader {
  const dirs: string[] = [];
  for (const d of options?.searchPath ?? (options?.cwd ? [options.cwd] : [])) dirs.push(join(d, 'templates'), d);
  return {
    searchPath: dirs,
    load(name: string) {
      const segs = safeSegments(name);
      if (!segs) return undefined;
      for (const d of dirs) {
        const path = join(d, ...segs);
        try {
          if (!statSync(path).isFile()) continue;
        } catch {
          continue;
        }
        const source = readFileSync(path, 'utf8');
        return { ast: parseCached(source, env), source, name };
      }
      return undefined;
    },
  };
}
