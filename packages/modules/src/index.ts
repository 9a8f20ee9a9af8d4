/** The module registry the CLI hands the engine. */
import type { AnyModuleDefinition, InventoryPlugin } from '@pgplay/engine/module-api';
import { awsEc2Inventory } from './aws/inventory/aws-ec2.js';
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
import systemdService from './builtin/systemd-service.js';
import service from './builtin/service.js';
import serviceFacts from './builtin/service-facts.js';
import sysctl from './builtin/sysctl.js';
import hostname from './builtin/hostname.js';
import timezone from './builtin/timezone.js';
import apt from './builtin/apt.js';
import deb822Repository from './builtin/deb822-repository.js';
import packageFacts from './builtin/package-facts.js';
import aptKey from './builtin/apt-key.js';
import aptRepository from './builtin/apt-repository.js';
import aptPackage from './builtin/package.js';
import user from './builtin/user.js';
import group from './builtin/group.js';
import authorizedKey from './builtin/authorized-key.js';
import sudoers from './builtin/sudoers.js';
import cron from './builtin/cron.js';
import { awsModules } from './aws/index.js';

// One module per line: parallel work adds lines instead of editing one.
export const builtinModules: readonly AnyModuleDefinition[] = [
  command,
  shell,
  raw,
  script,
  ping,
  lineinfile,
  blockinfile,
  replace,
  iniFile,
  stat,
  slurp,
  tempfile,
  file,
  copy,
  template,
  fetch,
  assemble,
  setup,
  dpkgSelections,
  systemdService,
  service,
  serviceFacts,
  sysctl,
  hostname,
  timezone,
  apt,
  deb822Repository,
  packageFacts,
  aptKey,
  aptRepository,
  aptPackage,
  user,
  group,
  authorizedKey,
  sudoers,
  cron,
  uri,
  getUrl,
  waitFor,
  waitForConnection,
  unarchive,
];
export { awsModules };
/** The AWS plumbing (clients, calls, tags, connection options) for AWS modules and their tests. */
export * as aws from './aws/plumbing.js';

/** Dynamic inventory plug-ins, for loadInventory({ plugins }) (chosen by a config file's `plugin:`). */
export const inventoryPlugins: readonly InventoryPlugin[] = [awsEc2Inventory];

/** Everything @pgplay/modules provides, ready for runPlaybook({ registry }) and loadInventory({ plugins: registry.inventoryPlugins }). */
export const registry: { modules: readonly AnyModuleDefinition[]; inventoryPlugins: readonly InventoryPlugin[] } = { modules: [...builtinModules, ...awsModules], inventoryPlugins };

/** Shared file helpers for modules outside this package's builtin set (and tests). */
export { probeFiles, shProbe, statLines, parseStatLines } from './builtin/util/file-state.js';
export { probeTextFile, textProbeScript } from './builtin/util/text-file.js';
export type { FileState, ProbeRequest, ProbeResult } from './builtin/util/file-state.js';
export { writeFileAtomic, writeScript } from './builtin/util/atomic-write.js';
export { resolveMode, symbolicToOctal, formatMode } from './builtin/util/file-mode.js';
/** systemd_service's reading of `systemctl show` (exported for its unit test). */
export { parseSystemctlShow } from './builtin/systemd/show.js';
export { formUrlencoded } from './builtin/net/form-urlencoded.js';
export { hostHexes, drainedCount } from './builtin/net/tcp-states.js';
