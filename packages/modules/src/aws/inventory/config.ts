/**
 * The aws_ec2 config file's options (aws_ec2.py DOCUMENTATION with its fragments: constructed,
 * inventory_cache, amazon.aws common/region/assume_role for plug-ins), checked before AWS is
 * asked: an unknown option, a value of the wrong type or an option pgplay does not support yet
 * is an InventoryParseError at its file:line:col.
 */
import { InventoryParseError, type InventoryPluginContext } from '@pgplay/engine/module-api';

type Kind = 'str' | 'bool' | 'int' | 'list' | 'dict' | 'raw';

interface Opt {
  kind: Kind;
  aliases?: string[];
  /** Set (to anything but its default) means: refused, not supported yet. */
  unsupported?: string;
}

const OPTIONS: Record<string, Opt> = {
  plugin: { kind: 'str' },
  regions: { kind: 'list' }, hostnames: { kind: 'list' }, allow_duplicated_hosts: { kind: 'bool' }, filters: { kind: 'dict' },
  include_filters: { kind: 'list' }, exclude_filters: { kind: 'list' }, include_extra_api_calls: { kind: 'bool' }, strict_permissions: { kind: 'bool' },
  use_contrib_script_compatible_sanitization: { kind: 'bool' }, use_contrib_script_compatible_ec2_tag_keys: { kind: 'bool' },
  hostvars_prefix: { kind: 'str' }, hostvars_suffix: { kind: 'str' },
  use_ssm_inventory: { kind: 'bool', unsupported: 'SSM inventory data is not implemented' },
  compose: { kind: 'dict' }, groups: { kind: 'dict' }, keyed_groups: { kind: 'list' }, strict: { kind: 'bool' }, leading_separator: { kind: 'bool' },
  use_extra_vars: { kind: 'bool', unsupported: 'extra vars in constructed expressions are not implemented' },
  cache: { kind: 'bool' }, cache_plugin: { kind: 'str', unsupported: 'only the in-memory cache (no cache_plugin) is implemented' },
  cache_timeout: { kind: 'int' }, cache_connection: { kind: 'str' }, cache_prefix: { kind: 'str' },
  access_key: { kind: 'str', aliases: ['aws_access_key_id', 'aws_access_key', 'ec2_access_key'] },
  secret_key: { kind: 'str', aliases: ['aws_secret_access_key', 'aws_secret_key', 'ec2_secret_key'] },
  session_token: { kind: 'str', aliases: ['aws_session_token', 'security_token', 'aws_security_token', 'access_token'] },
  profile: { kind: 'str', aliases: ['aws_profile', 'boto_profile'] },
  endpoint_url: { kind: 'str', aliases: ['aws_endpoint_url', 'endpoint'] },
  region: { kind: 'str', aliases: ['aws_region', 'ec2_region'] },
  aws_ca_bundle: { kind: 'str' }, validate_certs: { kind: 'bool' }, aws_config: { kind: 'dict', unsupported: 'botocore Config settings are not implemented' },
  debug_botocore_endpoint_logs: { kind: 'bool' },
  assume_role_arn: { kind: 'str', aliases: ['iam_role_arn'], unsupported: 'assuming a role is not implemented' },
};

export interface Ec2InventoryConfig {
  regions: string[];
  hostnames: unknown[];
  allow_duplicated_hosts: boolean;
  filters: Record<string, unknown>;
  include_filters: Record<string, unknown>[];
  exclude_filters: Record<string, unknown>[];
  strict_permissions: boolean;
  use_contrib_script_compatible_sanitization: boolean;
  use_contrib_script_compatible_ec2_tag_keys: boolean;
  hostvars_prefix?: string;
  hostvars_suffix?: string;
  compose?: unknown;
  groups?: unknown;
  keyed_groups?: unknown;
  strict: boolean;
  leading_separator: boolean;
  access_key?: string;
  secret_key?: string;
  session_token?: string;
  profile?: string;
  endpoint_url?: string;
  region?: string;
  aws_ca_bundle?: string;
  validate_certs: boolean;
}

const KIND_TEXT: Record<Kind, string> = { str: 'a string', bool: 'a boolean', int: 'an integer', list: 'a list', dict: 'a mapping', raw: 'a value' };

function ofKind(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'str': return typeof v === 'string' || typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'int': return Number.isInteger(v);
    case 'list': return Array.isArray(v);
    case 'dict': return v !== null && typeof v === 'object' && !Array.isArray(v);
    default: return true;
  }
}

export function checkConfig(data: unknown, path: string, ctx: InventoryPluginContext): Ec2InventoryConfig {
  const at = (key?: string, value = false) => ctx.positionOf(data, key, value) ?? { file: path, line: 1, column: 1 };
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new InventoryParseError(`${path} is not a mapping of aws_ec2 options`, at(), 'a YAML mapping with plugin: aws_ec2');
  const byName = new Map<string, string>();
  for (const [name, o] of Object.entries(OPTIONS)) for (const n of [name, ...(o.aliases ?? [])]) byName.set(n, name);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const name = byName.get(key);
    if (!name) throw new InventoryParseError(`unknown aws_ec2 option '${key}'`, at(key), `one of: ${Object.keys(OPTIONS).sort().join(', ')}`);
    const o = OPTIONS[name]!;
    if (value === null || value === undefined) continue;
    if (!ofKind(value, o.kind)) throw new InventoryParseError(`aws_ec2 option '${key}' must be ${KIND_TEXT[o.kind]}`, at(key, true), `${KIND_TEXT[o.kind]} for ${key}`);
    if (o.unsupported && value !== false) throw new InventoryParseError(`aws_ec2 option '${key}' is not supported by pgplay yet: ${o.unsupported}`, at(key), `the config without ${key}`);
    if (typeof value === 'string' && value.includes('{{') && ['access_key', 'secret_key', 'session_token', 'profile', 'endpoint_url', 'region'].includes(name)) {
      throw new InventoryParseError(`aws_ec2 option '${key}' is templated; templated connection options are not supported by pgplay yet`, at(key, true), 'a literal value (or the AWS_* environment variables)');
    }
    out[name] = typeof value === 'number' && o.kind === 'str' ? String(value) : value;
  }
  const listOf = (key: string, kind: Kind, what: string) => {
    const list = (out[key] as unknown[] | undefined) ?? [];
    list.forEach((x) => {
      if (!ofKind(x, kind)) throw new InventoryParseError(`every entry of aws_ec2 option '${key}' must be ${what}`, at(key, true), what);
    });
    return list;
  };
  const hostnames = listOf('hostnames', 'raw', 'a string or a mapping');
  for (const h of hostnames) {
    if (typeof h !== 'string' && !(h && typeof h === 'object' && !Array.isArray(h))) throw new InventoryParseError('Hostnames should be a list of dict and str.', at('hostnames', true), 'strings and {name, prefix, separator} mappings');
    if (h && typeof h === 'object' && !('name' in h)) throw new InventoryParseError("A 'name' key must be defined in a hostnames dictionary.", at('hostnames', true), '{name: …, prefix: …, separator: …}');
  }
  return {
    regions: listOf('regions', 'str', 'a region name').map(String),
    hostnames,
    allow_duplicated_hosts: out['allow_duplicated_hosts'] === true,
    filters: (out['filters'] as Record<string, unknown>) ?? {},
    include_filters: listOf('include_filters', 'dict', 'a mapping of filters') as Record<string, unknown>[],
    exclude_filters: listOf('exclude_filters', 'dict', 'a mapping of filters') as Record<string, unknown>[],
    strict_permissions: out['strict_permissions'] !== false,
    use_contrib_script_compatible_sanitization: out['use_contrib_script_compatible_sanitization'] === true,
    use_contrib_script_compatible_ec2_tag_keys: out['use_contrib_script_compatible_ec2_tag_keys'] === true,
    ...(out['hostvars_prefix'] ? { hostvars_prefix: String(out['hostvars_prefix']) } : {}),
    ...(out['hostvars_suffix'] ? { hostvars_suffix: String(out['hostvars_suffix']) } : {}),
    compose: out['compose'], groups: out['groups'], keyed_groups: out['keyed_groups'],
    strict: out['strict'] === true,
    leading_separator: out['leading_separator'] !== false,
    ...Object.fromEntries(['access_key', 'secret_key', 'session_token', 'profile', 'endpoint_url', 'region', 'aws_ca_bundle'].filter((k) => out[k] !== undefined).map((k) => [k, String(out[k])])),
    validate_certs: out['validate_certs'] !== false,
  };
}
