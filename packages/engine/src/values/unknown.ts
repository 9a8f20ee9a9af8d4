/**
 * "Known after apply": a value that does not exist yet (an ID a check-mode run would create).
 * Modules return it in check mode, templating propagates it through every operation, output
 * renders it as `(known after apply)`.
 */
export class UnknownValue {
  /** What the value would be, for messages: e.g. "vpc.vpc.id". */
  readonly origin: string | undefined;
  constructor(origin?: string) {
    this.origin = origin;
    Object.freeze(this);
  }
  toString(): string {
    return UNKNOWN_TEXT;
  }
  toJSON(): string {
    return UNKNOWN_TEXT;
  }
}

export const UNKNOWN_TEXT = '(known after apply)';

/** The shared instance; use `new UnknownValue(origin)` when the origin helps a message. */
export const Unknown: UnknownValue = new UnknownValue();

export function isUnknown(v: unknown): v is UnknownValue {
  return v instanceof UnknownValue;
}

/** True when `v` is Unknown or holds one anywhere inside (lists, dicts). */
export function containsUnknown(v: unknown, seen: Set<unknown> = new Set()): boolean {
  if (v instanceof UnknownValue) return true;
  if (v === null || typeof v !== 'object' || seen.has(v)) return false;
  seen.add(v);
  if (Array.isArray(v)) return v.some((x) => containsUnknown(x, seen));
  if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    return Object.values(v as Record<string, unknown>).some((x) => containsUnknown(x, seen));
  }
  return false;
}
