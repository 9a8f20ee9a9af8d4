/**
 * A string that must never be templated (`!unsafe` in YAML, lookup results Ansible marks unsafe).
 * It lives in variable storage only: reading a variable unwraps it to a plain string without
 * rendering it, so filters and modules only ever see plain strings.
 */
export class UnsafeText {
  constructor(readonly value: string) {
    Object.freeze(this);
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

export function isUnsafe(v: unknown): v is UnsafeText {
  return v instanceof UnsafeText;
}
