// A HEMS controller after the meter restarts (our reading, suites/clauses.json SMCERT/HC-RECOVER): the
// meter goes off across a fallback window, so the controller's Get of EA (AIF LV §3.3.1) goes unanswered
// through its timers (§2.4.2); it comes back and notifies its instance list (INF 0xD5) as any node on
// start; the controller must read it again, at the latest in the next fallback window.

import { HALF_HOUR } from '../../harness/clock/durations.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import {
  AIF_TIMER2_MS,
  afterStartup,
  FALLBACK_BY_MS,
  FALLBACK_FROM_MS,
  jstText,
  nextBoundary,
  seconds,
  startedUp,
  waitForAnswered,
} from '../../harness/conformance/hems-checks.ts';
import { hemsConformance } from '../../harness/conformance/hems-conformance.ts';
import { fail } from '../../harness/conformance/verdict.ts';
import { ESV } from '../../harness/echonet/esv.ts';
import { hemsController } from './hc-applies.ts';

/** The off time beyond the fallback window: two requests' Timer 2 (a request and its retry). */
const TIMEOUTS = 2;

hemsConformance(
  {
    id: 'HC-RECOV-001',
    title:
      'after the meter was off across a fallback window and came back, the controller reads it again by the next window',
    specRef: 'SMCERT/HC-RECOVER',
    severity: 'major',
    catches: ['stops-after-timeout'],
    realTimeMs: (p) =>
      afterStartup(
        2 * HALF_HOUR + 2 * FALLBACK_BY_MS + TIMEOUTS * Math.max(p.timers.timer2Ms, AIF_TIMER2_MS),
      )(p),
    applies: hemsController,
  },
  async ({ bench, profile }) => {
    const timer2 = Math.max(profile.timers.timer2Ms, AIF_TIMER2_MS);
    bench.notification = 'none'; // EA comes only by the controller's own Get
    await startedUp(bench, profile);
    // off from now until the next fallback window has passed and its Get has timed out, retry included
    const offAt = bench.now();
    const offSeq = bench.frames.at(-1)?.entry.seq ?? 0;
    const fallbackAt = nextFallback(offAt);
    const back = bench.restart(fallbackAt - offAt + (FALLBACK_BY_MS - FALLBACK_FROM_MS) + TIMEOUTS * timer2);
    await bench.pass(back - bench.now());
    const d5 = bench.frames.find(
      (f) => f.entry.direction === 'sent' && f.entry.at >= back && f.frame?.esv === ESV.INF,
    );
    const since = d5?.entry.seq ?? bench.frames.at(-1)?.entry.seq ?? 0;
    const unanswered = bench.requests().filter((r) => r.entry.seq > offSeq && r.entry.at < back);
    const deadline = nextBoundary(back) + FALLBACK_BY_MS;
    const read = await waitForAnswered(bench, {}, deadline - bench.now(), since);
    if (!read)
      fail(
        'after the meter restarts the HEMS controller reads it again: requests unanswered while it was off do not end its reading (our reading of AIF LV §2.4.2, §3.3.1)',
        `a request the meter answers between its return at ${jstText(back)}${d5 ? ` (INF 0xD5 #${d5.entry.seq})` : ''} and the end of the next fallback window, ${jstText(deadline)}`,
        `none; ${unanswered.length} request${unanswered.length === 1 ? '' : 's'} went unanswered while it was off${unanswered.length ? ` (${unanswered.map((r) => `#${r.entry.seq}`).join(', ')})` : ''}`,
        [...unanswered.map((r) => r.entry.seq), ...(d5 ? [d5.entry.seq] : [])],
      );
    observe(
      `meter off ${jstText(offAt)} → ${jstText(back)}, ${unanswered.length} requests unanswered; read again ${seconds(back, read.request.entry.at)} after it came back (#${read.request.entry.seq})`,
    );
  },
);

/** The first fallback time (:05 or :35) after `at`. */
function nextFallback(at: number): number {
  const fallback = nextBoundary(at) - HALF_HOUR + FALLBACK_FROM_MS;
  return fallback > at ? fallback : fallback + HALF_HOUR;
}
