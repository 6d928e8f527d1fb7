// A typed violation inside one EDT: which value, where in the EDT, which rule, expected vs actual.

export class ValueError extends Error {
  override readonly name = 'ValueError';

  constructor(
    /** What was being decoded, e.g. `property map`, `date-time.month`. */
    readonly field: string,
    /** Byte offset inside the EDT. */
    readonly offset: number,
    readonly rule: string,
    readonly clause: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${field} at EDT byte ${offset}: ${rule}; expected ${expected}, got ${actual} (${clause})`);
  }
}

export type ValueResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ValueError };

export function ok<T>(value: T): ValueResult<T> {
  return { ok: true, value };
}

export function bad<T>(...args: ConstructorParameters<typeof ValueError>): ValueResult<T> {
  return { ok: false, error: new ValueError(...args) };
}
