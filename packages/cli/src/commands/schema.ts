/** `pgplay schema`: the playbook JSON Schema for editors (yaml-language-server and the like). */
import { playbookSchema, ActionTable, ENGINE_ACTIONS } from '@pgplay/engine';
import { registry } from '@pgplay/modules';
import type { Io } from '../io.js';

export function schemaCommand(io: Io): number {
  io.out(JSON.stringify(playbookSchema(new ActionTable(registry.modules, ENGINE_ACTIONS)), null, 2) + '\n');
  return 0;
}
