// Letting days or months pass in one case (retention). On a virtual clock the time jumps timer by timer
// without the real pauses of pass() (harness/clock/wait.ts), so 400 days of the meter's half-hourly
// notifications take seconds; on the wall clock it is a plain wait of that long.
import type { Clock } from '../clock/clock.ts';
import { VirtualClock } from '../clock/virtual-clock.ts';
import { pass } from '../clock/wait.ts';

export async function passLong(clock: Clock, ms: number): Promise<void> {
  if (clock instanceof VirtualClock) await clock.advance(ms);
  else await pass(clock, ms);
}

/** passLong until the clock reads `epochMs` (at once when it is past). */
export function passUntil(clock: Clock, epochMs: number): Promise<void> {
  return passLong(clock, Math.max(0, epochMs - clock.now()));
}
