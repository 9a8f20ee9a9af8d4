// The octal mode of a file option as ansible's set_mode_if_different takes it.
import { ModuleFailure } from '@pgplay/engine/module-api';

/** An int (YAML 0644 is 420) or an octal string, as four octal digits; symbolic modes are refused. */
export function octalMode(mode: string | number, module: string): string {
  if (typeof mode === 'number') return mode.toString(8).padStart(4, '0');
  if (/^0?[0-7]{3}$/.test(mode)) return mode.padStart(4, '0');
  throw new ModuleFailure(`pgplay's ${module} supports octal modes only, not ${JSON.stringify(mode)}`);
}
