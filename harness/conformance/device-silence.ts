// A device that has stopped answering ends the run's remaining cases at once as INCONC "device silent
// since …", instead of each case waiting its timers out. Silent means: the harness has been asking for
// longer than the silence limit and nothing at all came from the device in that time (requests that are
// rightly not answered, such as one to a missing object, last a Timer and never reach the limit).
// Real targets only, on the wall clock; the state is a small file per run and device, so it outlives the
// worker processes Playwright restarts after a failed case.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Profile } from '../profile/profile.ts';

/** The profile's silence limit; by default three times Timer 2 (three history reads unanswered). */
export function silenceLimitMs(profile: Profile): number {
  return profile.timers.silenceLimitMs ?? 3 * profile.timers.timer2Ms;
}

interface SilenceState {
  /** Wall ms of the last frame from the device. */
  lastHeardAt?: number;
  /** Wall ms of the first request sent after lastHeardAt (or after the run began). */
  askedSince?: number;
}

export class DeviceSilence {
  private state: SilenceState;

  constructor(
    /** Where the state is kept; undefined: in memory only. */
    private readonly file: string | undefined,
    readonly limitMs: number,
  ) {
    this.state = file ? read(file) : {};
  }

  heard(at = Date.now()): void {
    const { lastHeardAt, askedSince } = this.state;
    const stale = askedSince !== undefined || lastHeardAt === undefined || at - lastHeardAt > 1_000;
    this.state = { lastHeardAt: at };
    if (stale) this.save(); // a chatty device is not written down per frame
  }

  asked(at = Date.now()): void {
    if (this.state.askedSince !== undefined) return;
    this.state = { ...this.state, askedSince: at };
    this.save();
  }

  /** Wall ms of the last frame from the device in this run, or undefined. */
  heardAt(): number | undefined {
    return this.state.lastHeardAt;
  }

  /** Wall ms since which the device has been silent past the limit, or undefined. */
  silentSince(now = Date.now()): number | undefined {
    const { askedSince, lastHeardAt } = this.state;
    if (askedSince === undefined || now - askedSince < this.limitMs) return undefined;
    return lastHeardAt ?? askedSince;
  }

  private save(): void {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function read(file: string): SilenceState {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as SilenceState;
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {}; // no state yet: nothing asked in this run
  }
}

/** The reason of a case ended because the device is silent. */
export function silentReason(since: number, limitMs: number): string {
  return `device silent since ${new Date(since).toISOString()}: nothing came from it for more than the silence limit (${limitMs / 1000} s) while the harness was asking; case not tried`;
}

/** Raised instead of sending a request to a device already silent past the limit: INCONC, never FAIL. */
export class DeviceGone extends Error {
  override readonly name = 'DeviceGone';
}
