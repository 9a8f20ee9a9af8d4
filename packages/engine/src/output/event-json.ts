/** One event as a JSON line; Python's float/int distinction kept (2.0 stays 2.0). */
import type { RunEvent } from './events.js';
import { jsonDumps } from '../template/ansible/filters/py-json.js';

export function eventJson(e: RunEvent): string {
  return jsonDumps(e, { indent: null, sortKeys: false, ensureAscii: false, separators: [',', ':'] });
}
