/**
 * The AWS shared files (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE /
 * AWS_CONFIG_FILE) as botocore reads them: INI sections, `[profile NAME]` in the config file
 * (`[default]` or `[profile default]` for the default profile).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ModuleFailure } from '@pgplay/engine/module-api';

export type IniSections = Record<string, Record<string, string>>;

export function parseIni(text: string): IniSections {
  const out: IniSections = {};
  let current: Record<string, string> | undefined;
  let lastKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw)) continue;
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (section) {
      current = out[section[1]!.trim()] ??= {};
      lastKey = undefined;
      continue;
    }
    // An indented line continues a nested setting (s3 = \n  addressing_style = path): kept raw.
    if (/^\s/.test(raw) && current && lastKey) {
      current[lastKey] = `${current[lastKey]}\n${raw.trim()}`;
      continue;
    }
    const kv = /^\s*([^=]+?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (kv && current) {
      lastKey = kv[1]!;
      current[lastKey] = kv[2]!;
    }
  }
  return out;
}

function readIni(path: string): IniSections {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ModuleFailure(`Unable to read the AWS shared file ${path}: ${(e as Error).message}`);
  }
}

function expandHome(p: string, env: Record<string, string | undefined>): string {
  return p.startsWith('~') ? join(env['HOME'] ?? homedir(), p.slice(1)) : p;
}

export interface SharedProfile {
  /** Whether either file has the profile. */
  found: boolean;
  values: Record<string, string>;
}

/** The merged settings of one profile: credentials file first, config file for the rest. */
export function readProfile(name: string, env: Record<string, string | undefined>): SharedProfile {
  const home = env['HOME'] ?? homedir();
  const credPath = expandHome(env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials'), env);
  const confPath = expandHome(env['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config'), env);
  const creds = readIni(credPath)[name];
  const confAll = readIni(confPath);
  const conf = confAll[`profile ${name}`] ?? (name === 'default' ? confAll['default'] : undefined);
  return { found: creds !== undefined || conf !== undefined, values: { ...(conf ?? {}), ...(creds ?? {}) } };
}
