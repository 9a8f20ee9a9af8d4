/**
 * Reading files on the controller for copy/template/assemble: through the engine's
 * ControllerServices.readFile, which decrypts a vaulted file (ansible's get_real_file) and marks
 * its text as a secret the output masks; `decrypt: false` reads the bytes as they are.
 */
import { readFileSync } from 'node:fs';
import type { ControllerServices } from '@pgplay/engine/module-api';

export function readControllerFile(controller: ControllerServices, path: string, decrypt = true): Buffer {
  return decrypt ? controller.readFile(path).bytes : readFileSync(path);
}
