// One notion of time for devices, harness and suites. Emulated devices run on a VirtualClock (a day of
// 30-minute cycles in milliseconds); real devices on the WallClock — with the same code. Nothing else
// in harness/ reads Date.now() or calls setTimeout directly.

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, in this clock's time. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
  /** Calls `callback` once after `ms` of this clock's time. */
  setTimer(ms: number, callback: () => void): TimerHandle;
}
