// Names of a suite's kernel objects. Interface names must fit in 15 bytes: "pgl254v200" does.
import { NAME_PREFIX } from './config.js';

export const bridgeName = (k: number) => `${NAME_PREFIX}${k}`;
export const netnsName = (k: number, i: number) => `${NAME_PREFIX}${k}h${i}`;
export const vethName = (k: number, i: number) => `${NAME_PREFIX}${k}v${i}`;
/** Matches every kernel object name the lab makes (and nothing a person would call theirs). */
export const OUR_NAME = new RegExp(`^${NAME_PREFIX}\\d+([hv]\\d+)?$`);

/** A suite name becomes part of paths and file names: keep it plain. */
export function checkSuiteName(suite: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(suite)) throw new Error(`lab: suite name ${JSON.stringify(suite)} must match [a-z0-9][a-z0-9-]{0,39}`);
  return suite;
}
