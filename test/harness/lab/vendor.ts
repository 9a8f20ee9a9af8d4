// The one seam through which the lab harness uses zx (house rule 12): a quiet, throwing shell
// instance of our own instead of mutating zx's global `$` defaults.
import { $ as zx$, type ProcessOutput } from 'zx';

/** Runs a command with zx quoting; throws on a non-zero exit, prints nothing. */
export const $ = zx$({ quiet: true, verbose: false });
/** Same, but resolves with the output whatever the exit code. */
export const $nothrow = zx$({ quiet: true, verbose: false, nothrow: true });
export type { ProcessOutput };
