// A delay every clock accepts: a finite number of milliseconds, zero or more.

/** Throws a RangeError naming `what` and the value unless `ms` is finite and ≥ 0. */
export function checkDelay(ms: number, what: string): void {
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${what} must be a finite number of milliseconds ≥ 0, got ${String(ms)}`);
  }
}
