/**
 * lookup('config') (plugins/lookup/config.py) for the global settings pgplay itself honours.
 * pgplay reads no ansible.cfg (README, deliberate differences), so a setting's value is its
 * environment variable converted as ansible's ensure_type converts it, or ansible's default.
 * A setting pgplay does not act on, or whose variable it does not read while that variable is
 * set, is refused as "not supported yet" rather than answered with a value pgplay does not use;
 * so are plugin settings (plugin_type/plugin_name).
 */
import type { LookupFn } from '../../types.js';
import { lookupError, lookupOptionsError, lookupUnsupported, pyClass, pyTruthy } from '../util.js';
import { PyTuple, pyRepr, pyStr } from '../../../values/py.js';
import { ANSIBLE_CONSTANT_NAMES } from './config-names.js';

interface Setting {
  env?: string;
  type: 'str' | 'int' | 'bool' | 'list';
  default: unknown;
  /** pgplay reads `env` (else the default is all pgplay ever uses, and a set `env` is refused). */
  honoured: boolean;
  choices?: readonly string[];
}

const S = (type: Setting['type'], dflt: unknown, env: string | undefined, honoured: boolean, choices?: readonly string[]): Setting =>
  ({ type, default: dflt, honoured, ...(env ? { env } : {}), ...(choices ? { choices } : {}) });

const SETTINGS: Readonly<Record<string, Setting>> = {
  DEFAULT_BECOME_USER: S('str', 'root', 'ANSIBLE_BECOME_USER', false),
  DEFAULT_BECOME_METHOD: S('str', 'sudo', 'ANSIBLE_BECOME_METHOD', false),
  DEFAULT_BECOME: S('bool', false, 'ANSIBLE_BECOME', false),
  DEFAULT_HASH_BEHAVIOUR: S('str', 'replace', 'ANSIBLE_HASH_BEHAVIOUR', false),
  DEFAULT_JINJA2_NATIVE: S('bool', false, 'ANSIBLE_JINJA2_NATIVE', false),
  DEFAULT_MANAGED_STR: S('str', 'Ansible managed', undefined, false),
  DEFAULT_GATHERING: S('str', 'implicit', 'ANSIBLE_GATHERING', true, ['implicit', 'explicit', 'smart']),
  INJECT_FACTS_AS_VARS: S('bool', true, 'ANSIBLE_INJECT_FACT_VARS', true),
  CACHE_PLUGIN: S('str', 'memory', 'ANSIBLE_CACHE_PLUGIN', true),
  CACHE_PLUGIN_CONNECTION: S('str', null, 'ANSIBLE_CACHE_PLUGIN_CONNECTION', true),
  CACHE_PLUGIN_PREFIX: S('str', 'ansible_facts', 'ANSIBLE_CACHE_PLUGIN_PREFIX', true),
  CACHE_PLUGIN_TIMEOUT: S('int', 86400, 'ANSIBLE_CACHE_PLUGIN_TIMEOUT', true),
  DEFAULT_PRIVATE_ROLE_VARS: S('bool', false, 'ANSIBLE_PRIVATE_ROLE_VARS', true),
  DEFAULT_TIMEOUT: S('int', 10, 'ANSIBLE_TIMEOUT', true),
  DEFAULT_VAULT_IDENTITY: S('str', 'default', 'ANSIBLE_VAULT_IDENTITY', true),
  DEFAULT_VAULT_ENCRYPT_IDENTITY: S('str', null, 'ANSIBLE_VAULT_ENCRYPT_IDENTITY', true),
  DEFAULT_VAULT_IDENTITY_LIST: S('list', [], 'ANSIBLE_VAULT_IDENTITY_LIST', true),
  DEFAULT_ASK_VAULT_PASS: S('bool', false, 'ANSIBLE_ASK_VAULT_PASS', true),
};

/** Callables of ansible.constants: _get_global_config refuses them. */
const CALLABLES = new Set(['ConfigManager', 'Sequence', 'add_internal_fqcns', 'set_constant', 'to_text']);
const BOOLEANS_TRUE = new Set(['y', 'yes', 'on', '1', 'true', 't']);

function notSupported(what: string): Error {
  return lookupUnsupported(`lookup('config', ${what}) is not supported by pgplay yet: pgplay cannot report that setting as it applies it`);
}

/** ensure_type for a value from the environment (origin "env": strings are not unquoted). */
function convert(name: string, s: Setting, raw: string): unknown {
  switch (s.type) {
    case 'bool':
      return BOOLEANS_TRUE.has(raw.toLowerCase().trim());
    case 'int':
      if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw notSupported(`'${name}') with ${s.env}=${JSON.stringify(raw)}`);
      return Number(raw);
    case 'list':
      return raw.split(',').map((x) => x.trim());
    default:
      if (s.choices && !s.choices.includes(raw)) throw notSupported(`'${name}') with ${s.env}=${JSON.stringify(raw)}`);
      return raw;
  }
}

class MissingSetting extends Error {}

function globalSetting(name: string): unknown {
  const s = SETTINGS[name];
  if (!s) {
    if (CALLABLES.has(name)) throw lookupError(`Invalid setting "${name}" attempted`);
    if (ANSIBLE_CONSTANT_NAMES.has(name) || ['config', 'absolute_import', 'division', 'print_function', 're', 'setting', 'ascii_letters', 'digits'].includes(name)) {
      throw notSupported(`'${name}'`);
    }
    throw new MissingSetting(name);
  }
  const raw = s.env === undefined ? undefined : process.env[s.env];
  if (raw === undefined) return s.default;
  // An empty variable is a value to ansible ('') while parts of pgplay fall back to the default.
  if (!s.honoured || raw === '') throw notSupported(`'${name}') with ${s.env} set${raw === '' ? ' to the empty string' : ''}`);
  return convert(name, s, raw);
}

export const configLookup: LookupFn = (ctx, terms, kwargs) => {
  // set_options ignores options the plugin does not declare, as ansible does.
  const missing = kwargs.on_missing === undefined ? 'error' : kwargs.on_missing;
  const ptype = kwargs.plugin_type ?? null;
  const pname = kwargs.plugin_name ?? null;
  const showOrigin = kwargs.show_origin === undefined ? false : pyTruthy(kwargs.show_origin);
  // set_options checks the declared choices first (the option's value as text).
  if (!['error', 'warn', 'skip'].includes(pyStr(missing))) {
    throw lookupOptionsError(`Invalid value "${pyStr(missing)}" for configuration option "plugin_type: lookup plugin: config setting: on_missing ", valid values are: error, skip, warn`);
  }
  const types = ['become', 'cache', 'callback', 'cliconf', 'connection', 'httpapi', 'inventory', 'lookup', 'netconf', 'shell', 'vars'];
  if (ptype !== null && !types.includes(pyStr(ptype))) {
    throw lookupOptionsError(`Invalid value "${pyStr(ptype)}" for configuration option "plugin_type: lookup plugin: config setting: plugin_type ", valid values are: ${types.join(', ')}`);
  }
  if ((pyTruthy(ptype) || pyTruthy(pname)) && !(pyTruthy(ptype) && pyTruthy(pname))) {
    throw lookupOptionsError('Both plugin_type and plugin_name are required, cannot use one without the other');
  }
  if (pyTruthy(pname)) throw notSupported(`…, plugin_type=${pyRepr(ptype)}, plugin_name=${pyRepr(pname)}`);
  const ret: unknown[] = [];
  for (const term of terms) {
    if (typeof term !== 'string') {
      throw lookupOptionsError(`Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${pyClass(term)}`);
    }
    let result: unknown;
    try {
      result = globalSetting(term);
    } catch (e) {
      if (!(e instanceof MissingSetting)) throw e;
      // AnsibleLookupError(…, orig_exc=MissingSetting(str(AttributeError), orig_exc=AttributeError)).
      const attr = `module 'ansible.constants' has no attribute '${term}'`;
      if (missing === 'error') throw lookupError(`Unable to find setting ${term}. ${attr}. ${attr}`);
      if (missing === 'warn') ctx.options.warn?.(`Skipping, did not find setting ${term}`);
      continue;
    }
    // A global setting has no origin in ansible-core 2.16 (_get_global_config returns none).
    ret.push(showOrigin ? PyTuple.of_([result, null]) : result);
  }
  return ret;
};
