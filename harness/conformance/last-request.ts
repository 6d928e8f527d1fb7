// When the harness last sent a frame to a real device: from its dut, and from the extra clients of a
// multi-client case. A meter that releases idle clients (/bRoute/idleReleaseMs) holds none of them once
// that long has passed: a multi-client case waits for all of them (b-route-clients.ts), every other case
// for the extra ones, which may have filled the meter's table to its maxClients and would get the dut
// refused. Kept in a machine-wide file per device (device-files.ts): the cases come one after another
// (device-lock.ts), in worker processes Playwright may restart, and runs after runs.
import { readFileSync, writeFileSync } from 'node:fs';

/** Margin over /bRoute/idleReleaseMs, for the meter's clock and the harness's last frame in flight. */
export const RELEASE_MARGIN_MS = 1_000;

interface Times {
  dut?: number;
  extra?: number;
}

export class LastRequest {
  private constructor(
    private readonly file: string | undefined,
    private readonly times: Times,
    private readonly role: keyof Times,
  ) {}

  /** The record in `file` (none: in memory only), as the dut writes it. */
  static open(file?: string): LastRequest {
    let times: Times = {};
    try {
      const read: unknown = file ? JSON.parse(readFileSync(file, 'utf8')) : {};
      if (typeof read === 'object' && read !== null) times = read as Times;
    } catch {
      // nothing sent yet: as if nothing had been sent
    }
    return new LastRequest(file, times, 'dut');
  }

  /** The same record, as a multi-client case's extra clients write it. */
  forExtraClients(): LastRequest {
    return new LastRequest(this.file, this.times, 'extra');
  }

  /**
   * Real ms from now until a meter that releases a client silent for `idleMs` has released them: all the
   * harness's clients, or only the extra ones.
   */
  releaseMs(idleMs: number, of: 'all' | 'extra'): number {
    const { dut, extra } = this.times;
    const times = (of === 'extra' ? [extra] : [dut, extra]).filter((t): t is number => t !== undefined);
    return times.length === 0 ? 0 : Math.max(0, Math.max(...times) + idleMs + RELEASE_MARGIN_MS - Date.now());
  }

  sent(at = Date.now()): void {
    this.times[this.role] = at;
    if (this.file) writeFileSync(this.file, JSON.stringify(this.times));
  }
}
