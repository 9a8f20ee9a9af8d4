/**
 * The plug-ins every inventory has, in Ansible's INVENTORY_ENABLED order: host_list, auto, yaml,
 * ini. (`script` and `toml` are Python-world formats pgplay does not read; see README.)
 */
import { existsSync } from 'node:fs';
import { isDict } from '../values/py.js';
import { parseAddress } from './host-address.js';
import { iniPlugin } from './ini-plugin.js';
import { InventoryParseError, pluginMatches } from './plugin-api.js';
import type { InventoryPlugin } from './plugin-api.js';
import { yamlPlugin } from './yaml-plugin.js';

/** `-i 'h1,h2:2222,'`: a comma makes a string a host list, unless a file has that name. */
export const hostListPlugin: InventoryPlugin = {
  name: 'host_list',
  aliases: ['ansible.builtin.host_list'],
  verifyFile: (source) => !existsSync(source) && source.includes(','),
  async parse(source, builder) {
    for (const item of source.split(',')) {
      const h = item.trim();
      if (!h) continue;
      let host = h;
      let port: number | undefined;
      try {
        ({ host, port } = parseAddress(h, false));
      } catch {
        // Ansible keeps an unparseable entry as the host name, unchanged.
      }
      if (!builder.hasHost(host)) builder.addHost(host, 'ungrouped', port);
    }
  },
};

/** `auto`: a .yml/.yaml file whose `plugin:` key names the plug-in that reads it. */
export const autoPlugin: InventoryPlugin = {
  name: 'auto',
  aliases: ['ansible.builtin.auto'],
  verifyFile: (path) => (path.endsWith('.yml') || path.endsWith('.yaml')) && existsSync(path),
  async parse(path, builder, ctx) {
    const data = ctx.loadYamlFile(path);
    const name = isDict(data) ? data.plugin : undefined;
    if (!name) {
      throw new InventoryParseError(`no root 'plugin' key found, '${path}' is not a valid YAML inventory plugin config file`);
    }
    const plugin = [...ctx.plugins, ...BUILTIN_PLUGINS].find((p) => pluginMatches(p, String(name)));
    if (!plugin) {
      throw new InventoryParseError(`inventory config '${path}' specifies unknown plugin '${String(name)}'`, undefined,
        `one of the registered inventory plug-ins: ${[...ctx.plugins, ...BUILTIN_PLUGINS].map((p) => p.name).join(', ')}`);
    }
    if (!(await plugin.verifyFile(path))) {
      throw new InventoryParseError(`inventory source '${path}' could not be verified by inventory plugin '${String(name)}'`);
    }
    await plugin.parse(path, builder, ctx);
  },
};

export const BUILTIN_PLUGINS: readonly InventoryPlugin[] = [hostListPlugin, autoPlugin, yamlPlugin, iniPlugin];
