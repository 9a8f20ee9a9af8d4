/** The module registry the CLI hands the engine. */
import type { AnyModuleDefinition } from '@pgplay/engine/module-api';
import command from './builtin/command.js';
import shell from './builtin/shell.js';
import raw from './builtin/raw.js';
import script from './builtin/script.js';
import ping from './builtin/ping.js';
import lineinfile from './builtin/lineinfile.js';
import blockinfile from './builtin/blockinfile.js';
import replace from './builtin/replace.js';
import iniFile from './builtin/ini-file.js';
import stat from './builtin/stat.js';
import uri from './builtin/uri.js';
import getUrl from './builtin/get-url.js';
import waitFor from './builtin/wait-for.js';
import waitForConnection from './builtin/wait-for-connection.js';
import unarchive from './builtin/unarchive.js';
import slurp from './builtin/slurp.js';
import tempfile from './builtin/tempfile.js';
import file from './builtin/file.js';
import copy from './builtin/copy.js';
import template from './builtin/template.js';
import fetch from './builtin/fetch.js';
import assemble from './builtin/assemble.js';
import setup from './builtin/setup.js';
import dpkgSelections from './builtin/dpkg-selections.js';
import apt from './builtin/apt.js';
import aptPackage from './builtin/package.js';
import { awsModules } from './aws/index.js';

export const builtinModules: readonly AnyModuleDefinition[] = [command, shell, raw, script, ping, setup, stat, slurp, tempfile, file, lineinfile, blockinfile, replace, iniFile, copy, template, fetch, assemble, dpkgSelections, apt, aptPackage, uri, getUrl, waitFor, waitForConnection, unarchive];
export { awsModules };
/** The AWS plumbing (clients, calls, tags, connection options) for AWS modules and their tests. */
export * as aws from './aws/plumbing.js';

/** Everything @pgplay/modules provides, ready for runPlaybook({ registry }). */
export const registry: { modules: readonly AnyModuleDefinition[] } = { modules: [...builtinModules, ...awsModules] };

/** Shared file helpers for modules outside this package's builtin set (and tests). */
export { probeFiles, statLines, parseStatLines } from './builtin/util/file-state.js';
export type { FileState, ProbeRequest, ProbeResult } from './builtin/util/file-state.js';
export { writeFileAtomic, writeScript } from './builtin/util/atomic-write.js';
export { resolveMode, symbolicToOctal, formatMode } from './builtin/util/file-mode.js';
/** Pieces of the network modules that tests compare with ansible's own functions. */
export { formUrlencoded } from './builtin/net/form-urlencoded.js';
export { hostHexes, drainedCount } from './builtin/net/tcp-states.js';
