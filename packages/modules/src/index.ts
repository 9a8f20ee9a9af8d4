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

/** Shared file helpers for modules outside this package's builtin set (and tests). */
export { probeFiles, statLines, parseStatLines } from './builtin/util/file-state.js';
export type { FileState, ProbeRequest, ProbeResult } from './builtin/util/file-state.js';
export { writeFileAtomic, writeScript } from './builtin/util/atomic-write.js';
export { resolveMode, symbolicToOctal, formatMode } from './builtin/util/file-mode.js';
