// Bytes on their way through real I/O between two ends in this process (the harness's serial port and an
// emulated module's pseudo-terminal): counted when one end writes them and when the other end reads them;
// a port's opening and closing count as one each while they last.
// A virtual clock must not step while some are in flight, or a timer would fire before the bytes that
// precede it in the devices' own order (harness/clock/wait.ts).

export class BytesInFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  /** One end wrote `n` bytes. */
  sent(n: number): void {
    this.count += n;
  }

  /** The other end read `n` bytes. */
  arrived(n: number): void {
    this.count = Math.max(0, this.count - n);
    if (this.count === 0) this.wake();
  }

  /** A real operation on the line (a port opening or closing) counts as in flight until it settles. */
  during<T>(operation: Promise<T>): Promise<T> {
    this.count += 1;
    return operation.finally(() => this.arrived(1));
  }

  /** An end closed: what it had not read will never arrive. */
  clear(): void {
    this.count = 0;
    this.wake();
  }

  get idle(): boolean {
    return this.count === 0;
  }

  /** Resolves once every byte sent so far has arrived. */
  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const resolve of waiting) resolve();
  }
}
