/**
 * What the composition root hands the engine: modules, inventory plug-ins and template plug-ins.
 * Name resolution follows Ansible: FQCN, short name, `ansible.legacy.<short>` for builtins.
 */
import type { ModuleDefinition } from '../module-api.js';
import type { TemplateRegistry } from '../template/types.js';
import type { EngineAction } from '../actions/action.js';
import type { ResolvedAction } from '../load/load-task.js';
import { gatherFactsModule } from './gather-facts.js';

// The engine never looks inside a module's argument types; each module validates its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = ModuleDefinition<any, any>;

export interface Registry extends TemplateRegistry {
  modules?: readonly AnyModule[];
  /** Dynamic inventory plug-ins (chosen by file name), see inventory/. */
  inventoryPlugins?: readonly unknown[];
}

export type Runnable = { kind: 'module'; def: AnyModule } | { kind: 'action'; def: EngineAction };

/** Modules whose free-form text keeps unknown k=v pairs (ansible's FREEFORM_ACTIONS). */
const RAW_KV = new Set(['ansible.builtin.command', 'ansible.builtin.shell', 'ansible.builtin.raw', 'ansible.builtin.script']);

function namesOf(fqcn: string, aliases: readonly string[] = []): string[] {
  const names = [fqcn, ...aliases];
  if (fqcn.startsWith('ansible.builtin.')) names.push(`ansible.legacy.${fqcn.slice('ansible.builtin.'.length)}`);
  return names;
}

export class ActionTable {
  private readonly byName = new Map<string, Runnable>();

  constructor(modules: readonly AnyModule[], actions: readonly EngineAction[]) {
    for (const def of actions) for (const n of namesOf(def.name, def.aliases)) this.byName.set(n, { kind: 'action', def });
    for (const def of modules) for (const n of namesOf(def.name, def.aliases)) if (!this.byName.has(n)) this.byName.set(n, { kind: 'module', def });
    const setup = modules.find((m) => m.name === 'ansible.builtin.setup');
    if (setup) for (const n of namesOf('ansible.builtin.gather_facts', ['gather_facts'])) if (!this.byName.has(n)) this.byName.set(n, { kind: 'module', def: gatherFactsModule(setup) });
  }

  get(name: string): Runnable | undefined {
    return this.byName.get(name);
  }

  /** The loader's view: is this key an action, and does it take free-form text? */
  resolve = (name: string): ResolvedAction | undefined => {
    const r = this.byName.get(name);
    if (!r) return undefined;
    const freeForm = r.kind === 'module' ? r.def.capabilities.freeForm === true : r.def.freeForm === true;
    return { fqcn: r.def.name, freeForm, rawKv: RAW_KV.has(r.def.name) };
  };

  names(): string[] {
    return [...this.byName.keys()];
  }
}
