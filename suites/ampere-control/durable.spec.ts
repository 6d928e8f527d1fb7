// A reservation is the meter's (seed その他機能: 遠隔アンペア制御機能（予約機能付き）; our reading): a power
// cut at the customer spanning its time does not lose it (it is in effect at power-up) and does not lose
// one due after; a restart of the head-end loses none and moves none. The emulated meter loses its power
// through the reference head-end's emulation route; a real one by the operator's hand.
import type { LimiterState } from '../../harness/a-route/contract.ts';
import type { HeadEndProfile } from '../../harness/a-route/head-end-profile.ts';
import {
  ampereNotForDevice,
  amps,
  commandOk,
  controlOf,
  isoSecond,
  limiterText,
  otherSteps,
  readyMeter,
  stateAt,
} from '../../harness/conformance/ampere-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';

const CLAUSE = 'NG/AMPERE-DURABLE';
/** The later reservation falls due this long after the power is back (far past any tolerance). */
const AFTER_CUT_MS = 60 * 60_000;

/** The highest and the lowest step other than the initial limit. */
function twoSteps(p: HeadEndProfile): [number, number] {
  const other = otherSteps(p.parameters.ampere);
  return [other[other.length - 1]!, other[0]!];
}

/** The time the meter holds reservation `id` for; not held at all: nothing to carry through (INCONC). */
function heldTime(state: LimiterState, id: string): number {
  const held = state.reservations.find((r) => r.mRID === id);
  if (!held)
    inconclusive(`the meter does not hold ${id} after taking it (AC-RSV-001's rule): ${limiterText(state)}`);
  return Date.parse(held.scheduledInterval.start);
}

headEndConformance(
  {
    id: 'AC-PWR-001',
    title:
      'reservations survive a power cut of the meter: one due meanwhile in effect at power-up, a later one at its time',
    specRef: CLAUSE,
    severity: 'major',
    notForDevice: ampereNotForDevice,
    catches: ['he-limiter-forgets-reservations'],
    realTimeMs: (p) => p.parameters.ampere.powerOffMinutes * 60_000 + AFTER_CUT_MS + 10 * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    const offMs = a.powerOffMinutes * 60_000;
    const tolMs = a.reservationToleranceSeconds * 1000;
    await readyMeter(headEnd.client, clock, a);
    const [duringLimit, afterLimit] = twoSteps(headEndProfile);
    const now = clock.now();
    const during = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(duringLimit),
      scheduledInterval: { start: isoSecond(now + offMs / 2) },
    });
    const afterAtMs = Date.parse(isoSecond(now + offMs + AFTER_CUT_MS));
    const after = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(afterLimit),
      scheduledInterval: { start: isoSecond(afterAtMs) },
    });
    for (const c of [during, after])
      await commandOk(headEnd.client, c, `${CLAUSE}: a reservation of a step is taken`, CLAUSE);
    // judged against what the meter held before the cut (its times are AC-RSV-001's)
    const heldAtMs = heldTime(await headEnd.client.limiterState(a.meter), after.mRID);
    await headEnd.powerCycle(a.meter, offMs);
    const up = await headEnd.client.limiterState(a.meter);
    verdicts.check(
      up.limit.value === duringLimit && !up.reservations.some((r) => r.mRID === during.mRID),
      `${CLAUSE}: a reservation due while the meter had no power is in effect at power-up`,
      `${duringLimit} A (${during.mRID})`,
      limiterText(up),
      [],
      CLAUSE,
    );
    verdicts.check(
      up.reservations.some(
        (r) => r.mRID === after.mRID && Date.parse(r.scheduledInterval.start) === heldAtMs,
      ),
      `${CLAUSE}: a reservation due after the power cut is still held, its time unchanged`,
      `${after.mRID}: ${afterLimit} A at ${isoSecond(heldAtMs)}`,
      limiterText(up),
      [],
      CLAUSE,
    );
    const later = await stateAt(headEnd.client, clock, a, heldAtMs + tolMs);
    verdicts.check(
      later.limit.value === afterLimit,
      `${CLAUSE}: the reservation held through the power cut takes effect at its time`,
      `${afterLimit} A after ${isoSecond(heldAtMs)}`,
      limiterText(later),
      [],
      CLAUSE,
    );
    await readyMeter(headEnd.client, clock, a);
  },
);

headEndConformance(
  {
    id: 'AC-RST-001',
    title: 'a restart of the head-end loses no reservation and moves none',
    specRef: CLAUSE,
    severity: 'major',
    notForDevice: ampereNotForDevice,
    catches: ['he-limiter-forgets-reservations'],
    realTimeMs: 45 * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    const tolMs = a.reservationToleranceSeconds * 1000;
    await readyMeter(headEnd.client, clock, a);
    const [limit] = twoSteps(headEndProfile);
    const atMs = Date.parse(isoSecond(clock.now() + 20 * 60_000));
    const c = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(limit),
      scheduledInterval: { start: isoSecond(atMs) },
    });
    await commandOk(headEnd.client, c, `${CLAUSE}: a reservation of a step is taken`, CLAUSE);
    const heldAtMs = heldTime(await headEnd.client.limiterState(a.meter), c.mRID);
    await headEnd.restart();
    const back = await headEnd.client.limiterState(a.meter);
    verdicts.check(
      back.reservations.some((r) => r.mRID === c.mRID && Date.parse(r.scheduledInterval.start) === heldAtMs),
      `${CLAUSE}: after a restart of the head-end the reservation is held, its time unchanged`,
      `${c.mRID}: ${limit} A at ${isoSecond(heldAtMs)}`,
      limiterText(back),
      [],
      CLAUSE,
    );
    const at = await stateAt(headEnd.client, clock, a, heldAtMs + tolMs);
    verdicts.check(
      at.limit.value === limit,
      `${CLAUSE}: the reservation takes effect at its time after the restart`,
      `${limit} A after ${isoSecond(heldAtMs)}`,
      limiterText(at),
      [],
      CLAUSE,
    );
    await readyMeter(headEnd.client, clock, a);
  },
);
