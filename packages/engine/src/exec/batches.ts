/**
 * `order` and `serial` (ansible-core 2.16 InventoryManager.get_hosts order, PlaybookExecutor
 * _get_serialized_batches and utils/helpers pct_to_int): the play's hosts are ordered once,
 * then cut into batches; a list of sizes is used in turn, its last size repeating.
 */
import { PlayError } from './errors.js';
import { pyStr } from '../values/py.js';

export const ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] as const;

export function orderHosts(hosts: string[], order: unknown): string[] {
  if (order === undefined || order === null || order === 'inventory') return hosts;
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  switch (order) {
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort(byName);
    case 'reverse_sorted':
      return [...hosts].sort(byName).reverse();
    case 'shuffle': {
      const out = [...hosts];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    }
    default:
      throw new PlayError(`Invalid 'order' specified for inventory hosts: ${pyStr(order)}`);
  }
}

/** pct_to_int: "30%" of n (at least 1), or the value as an int. */
function serialSize(v: unknown, n: number): number {
  if (typeof v === 'string' && v.endsWith('%')) {
    const pct = Number(v.slice(0, -1).trim());
    if (!Number.isInteger(pct)) throw badSerial(v);
    return Math.trunc((pct / 100) * n) || 1;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  const num = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(num)) throw badSerial(v);
  return Math.trunc(num);
}

function badSerial(v: unknown): PlayError {
  return new PlayError(`invalid literal for int() with base 10: '${pyStr(v)}'`);
}

export function serialBatches(hosts: string[], serial: unknown): string[][] {
  const list = serial === undefined || serial === null ? [] : Array.isArray(serial) ? serial : [serial];
  const sizes = list.length === 0 ? [-1] : list;
  const left = [...hosts];
  const out: string[][] = [];
  let cur = 0;
  while (left.length > 0) {
    const size = serialSize(sizes[cur], hosts.length);
    if (size <= 0) {
      out.push(left.splice(0));
      break;
    }
    out.push(left.splice(0, size));
    cur = Math.min(cur + 1, sizes.length - 1);
  }
  return out;
}
