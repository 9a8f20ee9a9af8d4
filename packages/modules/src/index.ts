/** The module registry the CLI hands the engine. */
import type { AnyModuleDefinition } from '@pgplay/engine/module-api';
import command from './builtin/command.js';
import shell from './builtin/shell.js';
import raw from './builtin/raw.js';
import script from './builtin/script.js';
import ping from './builtin/ping.js';
import stat from './builtin/stat.js';
import slurp from './builtin/slurp.js';
import tempfile from './builtin/tempfile.js';
import file from './builtin/file.js';
import copy from './builtin/copy.js';
import template from './builtin/template.js';
import fetch from './builtin/fetch.js';
import assemble from './builtin/assemble.js';

export const builtinModules: readonly AnyModuleDefinition[] = [command, shell, raw, script, ping, stat, slurp, tempfile, file, copy, template, fetch, assemble];

/** Everything @pgplay/modules provides, ready for runPlaybook({ registry }). */
export const registry: { modules: readonly AnyModuleDefinition[] } = { modules: [...builtinModules] };
