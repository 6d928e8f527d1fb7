// What the HEMS controller cases (suites/hems/) share: the AIF figures a controller is held to, the
// start-up as a precondition, the replies of the harness's meter, and the pacing measure. Everything is
// read from the wire (hems-bench.ts frames), never from the controller.
import { HALF_HOUR, MINUTE } from '../clock/durations.ts';
import { JST_OFFSET_MS } from '../clock/jst.ts';
import { ESV, esvInfo } from '../echonet/esv.ts';
import type { Profile } from '../profile/profile.ts';
import type { HemsBench, RequestMatch, WireFrame } from './hems-bench.ts';
import { describeMatch } from './hems-bench.ts';
import { inconclusive } from './verdict.ts';

/** AIF LV §2.4.2: a controller waits at least Timer 1 (OPC = 1) and Timer 2 (OPC ≥ 2, E2/E4). */
export const AIF_TIMER1_MS = 20_000;
export const AIF_TIMER2_MS = 60_000;
/** AIF LV §2.4.4: a HEMS controller puts at most 2 properties in one request. */
export const AIF_CONTROLLER_OPC = 2;
/** AIF LV §3.3.1: the fallback Get comes "from about :05 / :35"; our reading of "about": by :10 / :40. */
export const FALLBACK_FROM_MS = 5 * MINUTE;
export const FALLBACK_BY_MS = 10 * MINUTE;

/**
 * How long a controller's start-up reads may take from its first frame, our reading: the D5 wait (Timer 1)
 * and every request of the start-up answered at its timer's limit once (5 × Timer 2).
 */
export function startupLimitMs(profile: Profile): number {
  return (
    Math.max(profile.timers.timer1Ms, AIF_TIMER1_MS) + 5 * Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS)
  );
}

/** realTimeMs of a case that waits for the start-up, then `afterMs` more. */
export const afterStartup =
  (afterMs: number) =>
  (profile: Profile): number =>
    startupLimitMs(profile) + afterMs;

/** The meter's reply to `request` (same TID, a response or SNA), when it sent one. */
export function replyTo(bench: HemsBench, request: WireFrame): WireFrame | undefined {
  return bench.frames.find(
    (f) =>
      f.entry.seq > request.entry.seq &&
      f.entry.direction === 'sent' &&
      f.frame?.tid === request.frame?.tid &&
      (esvInfo(f.frame?.esv ?? 0)?.role === 'response' ||
        esvInfo(f.frame?.esv ?? 0)?.role === 'not-possible'),
  );
}

export interface Startup {
  /** The controller's first frame (its link-up, as the wire shows it). */
  readonly first: WireFrame;
  /** Its first Get of EA, the last read of the start-up (AIF LV §3.1.3). */
  readonly eaRequest: WireFrame;
  /** The meter's reply to it: the start-up reads are done. */
  readonly eaReply: WireFrame;
}

/**
 * A precondition of most cases: the controller starts and reads EA (the end of its start-up, AIF LV
 * §3.1.3), and the meter has answered. INCONC when it does not: the case's own rule could not be observed.
 */
export async function startedUp(bench: HemsBench, profile: Profile): Promise<Startup> {
  const first = await bench.startController();
  const ea = await waitForAnswered(bench, { esv: ESV.Get, epc: 0xea }, startupLimitMs(profile));
  if (!ea)
    inconclusive(
      `precondition (the start-up reads, ending with a Get of EA) not met: no answered Get of EA within ${startupLimitMs(profile) / 1000} s of the controller's first frame (#${first.entry.seq})`,
    );
  return { first, eaRequest: ea.request, eaReply: ea.reply };
}

/**
 * The first request matching `match` (after transcript seq `after`, default all) that the meter
 * answered, with the answer, within `limitMs`.
 */
export async function waitForAnswered(
  bench: HemsBench,
  match: RequestMatch,
  limitMs: number,
  after = 0,
): Promise<{ request: WireFrame; reply: WireFrame } | undefined> {
  const until = bench.now() + limitMs;
  let since = after;
  for (;;) {
    const request = await bench.waitForRequest(match, Math.max(0, until - bench.now()), since);
    if (!request) return undefined;
    const answered = await bench.waitFor(
      (f) => f === replyTo(bench, request),
      Math.max(0, until - bench.now()),
      request.entry.seq,
    );
    if (answered) return { request, reply: answered };
    since = request.entry.seq;
    if (bench.now() >= until) return undefined;
  }
}

/** The first boundary (:00 or :30) after `at`. */
export function nextBoundary(at: number): number {
  return Math.floor(at / HALF_HOUR) * HALF_HOUR + HALF_HOUR;
}

/** A clock time for messages, "12:35:00.000 JST". */
export function jstText(ms: number): string {
  return `${new Date(ms + JST_OFFSET_MS).toISOString().slice(11, 23)} JST`;
}

/** Seconds between two clock times, for messages: "18.0 s". */
export const seconds = (fromMs: number, toMs: number): string => `${((toMs - fromMs) / 1000).toFixed(1)} s`;

/** "Get of 0xD6 #12 at 12:10:25.000 JST": a request for messages. */
export function named(frame: WireFrame, match?: RequestMatch): string {
  const what = match ? describeMatch(match) : 'frame';
  return `${what} #${frame.entry.seq}`;
}

/**
 * Pacing, measured on the wire: the most requests sent in any window of `windowMs` starting at one of
 * them (from `fromMs` on), the window where that happens, and a histogram of requests per clock minute.
 */
export function requestRate(
  requests: readonly WireFrame[],
  fromMs: number,
  toMs: number,
  windowMs = MINUTE,
): { max: number; at: readonly WireFrame[]; perMinute: ReadonlyMap<number, number> } {
  const times = requests.filter((r) => r.entry.at > fromMs && r.entry.at <= toMs);
  let best: WireFrame[] = [];
  for (const [i, r] of times.entries()) {
    const window = times.slice(i).filter((o) => o.entry.at < r.entry.at + windowMs);
    if (window.length > best.length) best = window;
  }
  const perMinute = new Map<number, number>();
  const minutes = Math.ceil((toMs - fromMs) / MINUTE);
  const counts = Array.from({ length: minutes }, () => 0);
  for (const r of times) {
    const m = Math.min(minutes - 1, Math.floor((r.entry.at - fromMs) / MINUTE));
    counts[m] = (counts[m] ?? 0) + 1;
  }
  for (const n of counts) perMinute.set(n, (perMinute.get(n) ?? 0) + 1);
  return { max: best.length, at: best, perMinute };
}

/** "0/min: 28 minutes, 2/min: 1 minute": a histogram for the record. */
export function histogramText(perMinute: ReadonlyMap<number, number>): string {
  return [...perMinute.entries()]
    .sort(([a], [b]) => a - b)
    .map(([n, minutes]) => `${n}/min: ${minutes} minute${minutes === 1 ? '' : 's'}`)
    .join(', ');
}
