// What the Wi-SUN HEMS controller cases (suites/hems/wisun.spec.ts) judge on the serial line at the
// bench's module (module-serial.ts), never in the controller: the SKSENDTO it wrote while its module held
// sends (a PANA re-authentication, EVENT 29 … EVENT 25; the ARIB STD-T108 limit, EVENT 32 … EVENT 33;
// echonet-smart-meter.md §4.2, §3.3), and the pace of its requests once the hold ended.
import { MINUTE } from '../clock/durations.ts';
import { expectThat } from './checks.ts';
import { observe } from './conformance.ts';
import { jstText } from './hems-checks.ts';
import type { SerialLine, SerialRecord } from './module-serial.ts';

export interface Hold {
  /** For messages: "the PANA re-authentication (EVENT 29 … EVENT 25)". */
  readonly name: string;
  /** The module's line that began it (EVENT 29, EVENT 32). */
  readonly start: SerialLine;
  /** The EVENT that ends it (0x25, 0x33). */
  readonly endEvent: number;
}

export interface HoldLimits {
  /** Most SKSENDTO the controller may write while the hold lasts. */
  readonly heldSends: number;
  /** Most SKSENDTO of requests in any 60 s after it (profile parameters.requestsPerMinute). */
  readonly requestsPerMinute: number;
  /** How long after the hold the pace is measured. */
  readonly afterMs: number;
}

/**
 * FAILs (of `clause`) when the controller wrote more than `limits.heldSends` SKSENDTO during the hold, or
 * more requests than its declared rate in a minute after it. `frames`: the transcript's frames to cite.
 */
export function expectHeldBack(
  serial: SerialRecord,
  hold: Hold,
  limits: HoldLimits,
  frames: readonly number[],
  clause?: string,
): void {
  const end = serial.event(hold.endEvent, hold.start.line);
  if (!end)
    throw new Error(`the bench’s module did not end ${hold.name}: no EVENT ${hold.endEvent.toString(16)}`);
  const held = serial.sends(hold.start.line, end.line);
  const after = serial.sends(end.line).filter((l) => l.request && l.at < end.at + limits.afterMs);
  const burst = mostWithin(after, MINUTE);
  observe(
    `${hold.name}: serial lines ${hold.start.line}–${end.line}, ${jstText(hold.start.at)} to ${jstText(end.at)}; ${held.length} SKSENDTO meanwhile; after it at most ${burst.length} requests in 60 s`,
  );
  expectThat(
    held.length <= limits.heldSends,
    `while its module holds sends for ${hold.name} the controller does not keep sending: at most ${limits.heldSends} SKSENDTO until it ends (reference notes §4.2; momonga documents the module's blocking, §3.3)`,
    `at most ${limits.heldSends} SKSENDTO between serial lines ${hold.start.line} and ${end.line}`,
    `${held.length}: ${linesText(held)}`,
    frames,
    clause,
  );
  expectThat(
    burst.length <= limits.requestsPerMinute,
    `once ${hold.name} has ended the controller keeps to the request rate it declares, ${limits.requestsPerMinute} a minute (profile parameters.requestsPerMinute): no burst of the sends it held back`,
    `at most ${limits.requestsPerMinute} SKSENDTO of requests in any 60 s from serial line ${end.line} (${jstText(end.at)})`,
    `${burst.length} from ${burst[0] ? jstText(burst[0].at) : '-'}: ${linesText(burst)}`,
    frames,
    clause,
  );
}

/** The most lines within any `windowMs` starting at one of them. */
function mostWithin(lines: readonly SerialLine[], windowMs: number): SerialLine[] {
  let best: SerialLine[] = [];
  for (const [i, first] of lines.entries()) {
    const window = lines.slice(i).filter((l) => l.at < first.at + windowMs);
    if (window.length > best.length) best = window;
  }
  return best;
}

/** "serial lines 41, 44, 47 (…)": at most 8 of them, for messages. */
function linesText(lines: readonly SerialLine[]): string {
  if (lines.length === 0) return 'none';
  const shown = lines.slice(0, 8).map((l) => l.line);
  return `serial line${lines.length === 1 ? '' : 's'} ${shown.join(', ')}${lines.length > 8 ? ', …' : ''}`;
}
