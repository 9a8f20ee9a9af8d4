/**
 * ansible-core's Constructable mixin (plugins/inventory/__init__.py): `compose`, `groups` and
 * `keyed_groups` of a dynamic inventory plug-in's config, applied to one host. Dynamic plug-ins
 * (aws_ec2 …) live outside the engine; they get this through InventoryPluginContext.construct,
 * so the Jinja2 semantics stay the engine's.
 */
import { evaluateExpression, templateValue } from '../template/api.js';
import { isDict, pyStr } from '../values/py.js';
import { InventoryParseError, type InventoryBuilder } from './plugin-api.js';

export interface ConstructOptions {
  compose?: unknown;
  groups?: unknown;
  keyed_groups?: unknown;
  strict?: boolean;
  leading_separator?: boolean;
  /** The plug-in's group-name sanitiser (default: safeGroupName). */
  sanitize?: (name: string) => string;
}

/**
 * BaseInventoryPlugin._sanitize_group_name: to_safe_group_name(force=True, silent=True), i.e.
 * C.INVALID_VARIABLE_NAMES (`^[\d\W]|[^\w]`, Unicode) replaced by `_` whatever
 * TRANSFORM_INVALID_GROUP_CHARS says: constructed group names are always made valid.
 */
export function safeGroupName(name: string): string {
  return name.replace(/^[\p{Nd}]|^[^\p{L}\p{N}_]|[^\p{L}\p{N}_]/gu, '_');
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** _compose: the expression templated as "{{ expr }}" against the variables (lookups disabled). */
function compose(expr: unknown, vars: Record<string, unknown>): unknown {
  return templateValue(`{{${pyStr(expr)}}}`, vars);
}

/** Host.get_vars(): the host's variables plus inventory_hostname(_short) and group_names. */
export type HostVarsOf = (host: string) => Record<string, unknown>;

export function constructHost(builder: InventoryBuilder, hostVarsOf: HostVarsOf, host: string, variables: Record<string, unknown>, o: ConstructOptions): void {
  const strict = o.strict === true;
  const sanitize = o.sanitize ?? safeGroupName;
  if (isDict(o.compose)) {
    for (const [varname, expr] of Object.entries(o.compose)) {
      let value: unknown;
      try {
        value = compose(expr, variables);
      } catch (e) {
        if (strict) throw new InventoryParseError(`Could not set ${varname} for host ${host}: ${message(e)}`);
        continue;
      }
      builder.setVariable(host, varname, value);
    }
  }
  if (isDict(o.groups)) {
    const vars = { ...variables, ...hostVarsOf(host) };
    for (const [raw, cond] of Object.entries(o.groups)) {
      const name = sanitize(raw);
      let result: unknown;
      try {
        result = evaluateExpression(pyStr(cond), vars);
      } catch (e) {
        if (strict) throw new InventoryParseError(`Could not add host ${host} to group ${name}: ${message(e)}`);
        continue;
      }
      if (result === true) {
        builder.addGroup(name);
        builder.addChild(name, host);
      }
    }
  }
  if (Array.isArray(o.keyed_groups)) {
    for (const keyed of o.keyed_groups) {
      if (!keyed || !isDict(keyed)) throw new InventoryParseError(`Invalid keyed group entry, it must be a dictionary: ${pyStr(keyed)} `);
      const vars = { ...variables, ...hostVarsOf(host) };
      let key: unknown;
      try {
        key = compose(keyed['key'], vars);
      } catch (e) {
        if (strict) throw new InventoryParseError(`Could not generate group for host ${host} from ${pyStr(keyed['key'])} entry: ${message(e)}`);
        continue;
      }
      const dflt = keyed['default_value'] as string | undefined;
      const trailing = keyed['trailing_separator'];
      if (trailing !== undefined && trailing !== null && dflt !== undefined && dflt !== null) {
        throw new InventoryParseError('parameters are mutually exclusive for keyed groups: default_value|trailing_separator');
      }
      const truthy = Array.isArray(key) ? key.length > 0 : isDict(key) ? Object.keys(key).length > 0 : Boolean(key);
      if (!(truthy || (key === '' && dflt != null))) {
        const emptyContainer = (Array.isArray(key) && key.length === 0) || (isDict(key) && Object.keys(key).length === 0);
        if (strict && !emptyContainer) throw new InventoryParseError(`No key or key resulted empty for ${pyStr(keyed['key'])} in host ${host}, invalid entry`);
        continue;
      }
      const prefix = keyed['prefix'] === undefined || keyed['prefix'] === null ? '' : pyStr(keyed['prefix']);
      let sep = keyed['separator'] === undefined ? '_' : pyStr(keyed['separator']);
      let parent = keyed['parent_group'] as string | undefined;
      if (parent) {
        try {
          parent = pyStr(templateValue(parent, vars));
        } catch (e) {
          if (strict) throw new InventoryParseError(`Could not generate parent group ${parent} for group ${pyStr(key)}: ${message(e)}`);
          continue;
        }
      }
      const names: string[] = [];
      if (typeof key === 'string') names.push(key === '' && dflt != null ? dflt : key);
      else if (Array.isArray(key)) for (const n of key) names.push(n === '' && dflt != null ? dflt : pyStr(n));
      else if (isDict(key)) {
        for (const [g, v] of Object.entries(key)) {
          let bare = `${g}${sep}${pyStr(v)}`;
          if (v === '') {
            if (dflt != null) bare = `${g}${sep}${dflt}`;
            else if (trailing === false) bare = g;
          }
          names.push(bare);
        }
      } else throw new InventoryParseError(`Invalid group name format, expected a string or a list of them or dictionary, got: ${typeof key}`);
      for (const bare of names) {
        if (prefix === '' && o.leading_separator === false) sep = '';
        const gname = builder.addGroup(sanitize(`${prefix}${sep}${bare}`));
        builder.addHost(host, gname);
        if (parent) {
          const p = builder.addGroup(sanitize(parent));
          builder.addChild(p, gname);
        }
      }
    }
  }
}
