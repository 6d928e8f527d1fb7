// Remote ampere control with reservation (seed その他機能: 遠隔アンペア制御機能（予約機能付き）): a change
// reserved through the head-end is held by the meter with its time as given, takes effect at that time
// (not before it by more than the tolerance, not after it by more), and a cancelled one never does while
// another reservation beside it still does. The reservation format is not public: this is the
// contract's (harness/a-route/openapi.json EndDeviceControl), the tolerance a profile parameter.
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

const RESERVATION = 'NG/AMPERE-RESERVATION';
const CANCEL = 'NG/AMPERE-CANCEL';
/** How far ahead the cases reserve: past any tolerance, short on a real head-end's wall clock. */
const AHEAD_MS = 15 * 60_000;

const realTimeMs = (p: HeadEndProfile) =>
  AHEAD_MS + 5 * 60_000 + 2 * p.parameters.ampere.reservationToleranceSeconds * 1000 + 3 * 60_000;

/** The two highest steps other than the initial limit (a reservation changes the limit to something else). */
function twoHighest(p: HeadEndProfile): [number, number] {
  const below = otherSteps(p.parameters.ampere).reverse();
  return [below[0]!, below[1] ?? below[0]!];
}

headEndConformance(
  {
    id: 'AC-RSV-001',
    title: 'a reserved limit is held with its time and takes effect at that time, not before, not late',
    specRef: RESERVATION,
    severity: 'critical',
    notForDevice: ampereNotForDevice,
    catches: ['he-reservation-early'],
    realTimeMs,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    const tolMs = a.reservationToleranceSeconds * 1000;
    await readyMeter(headEnd.client, clock, a);
    const [limit] = twoHighest(headEndProfile);
    const start = isoSecond(clock.now() + AHEAD_MS);
    const atMs = Date.parse(start);
    const c = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(limit),
      scheduledInterval: { start },
    });
    await commandOk(headEnd.client, c, `${RESERVATION}: a reservation of a step is taken`, RESERVATION);
    const held = await headEnd.client.limiterState(a.meter);
    const listed = held.reservations.find((r) => r.mRID === c.mRID);
    verdicts.check(
      listed !== undefined &&
        Date.parse(listed.scheduledInterval.start) === atMs &&
        listed.limit.value === limit,
      `${RESERVATION}: the meter holds the reservation as given`,
      `${c.mRID}: ${limit} A at ${start}`,
      limiterText(held),
      [],
      RESERVATION,
    );
    const early = await stateAt(headEnd.client, clock, a, atMs - tolMs);
    verdicts.check(
      early.limit.value === a.initialLimitA && early.reservations.some((r) => r.mRID === c.mRID),
      `${RESERVATION}: not in effect ${a.reservationToleranceSeconds} s before its time`,
      `${a.initialLimitA} A, ${c.mRID} still held`,
      limiterText(early),
      [],
      RESERVATION,
    );
    const late = await stateAt(headEnd.client, clock, a, atMs + tolMs);
    verdicts.check(
      late.limit.value === limit && !late.reservations.some((r) => r.mRID === c.mRID),
      `${RESERVATION}: in effect ${a.reservationToleranceSeconds} s after its time`,
      `${limit} A, ${c.mRID} no longer held`,
      limiterText(late),
      [],
      RESERVATION,
    );
    await readyMeter(headEnd.client, clock, a);
  },
);

headEndConformance(
  {
    id: 'AC-CNL-001',
    title: 'a cancelled reservation never takes effect; the one beside it still does',
    specRef: CANCEL,
    severity: 'critical',
    notForDevice: ampereNotForDevice,
    catches: ['he-cancelled-reservation-executed'],
    realTimeMs: (p) => realTimeMs(p) + 5 * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    const tolMs = a.reservationToleranceSeconds * 1000;
    await readyMeter(headEnd.client, clock, a);
    const [cancelledLimit, keptLimit] = twoHighest(headEndProfile);
    const atMs = Date.parse(isoSecond(clock.now() + AHEAD_MS));
    const keptAtMs = atMs + 5 * 60_000;
    const cancelled = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(cancelledLimit),
      scheduledInterval: { start: isoSecond(atMs) },
    });
    const kept = controlOf(a.meter, 'ampere-limit-reserve', {
      limit: amps(keptLimit),
      scheduledInterval: { start: isoSecond(keptAtMs) },
    });
    for (const c of [cancelled, kept])
      await commandOk(headEnd.client, c, `${CANCEL}: a reservation of a step is taken`, CANCEL);
    await commandOk(
      headEnd.client,
      controlOf(a.meter, 'ampere-limit-cancel', { reservation: { mRID: cancelled.mRID } }),
      `${CANCEL}: the cancel of a reservation held is taken`,
      CANCEL,
    );
    const after = await headEnd.client.limiterState(a.meter);
    verdicts.check(
      !after.reservations.some((r) => r.mRID === cancelled.mRID) &&
        after.reservations.some((r) => r.mRID === kept.mRID),
      `${CANCEL}: after the cancel the meter holds only the other reservation`,
      `${kept.mRID} held, ${cancelled.mRID} not`,
      limiterText(after),
      [],
      CANCEL,
    );
    const atItsTime = await stateAt(headEnd.client, clock, a, atMs + tolMs);
    verdicts.check(
      atItsTime.limit.value !== cancelledLimit,
      `${CANCEL}: a cancelled reservation never takes effect`,
      `not ${cancelledLimit} A after ${isoSecond(atMs)} (${cancelled.mRID} was cancelled)`,
      limiterText(atItsTime),
      [],
      CANCEL,
    );
    const keptState = await stateAt(headEnd.client, clock, a, keptAtMs + tolMs);
    verdicts.check(
      keptState.limit.value === keptLimit,
      `${CANCEL}: a cancel drops only the reservation it names`,
      `${keptLimit} A after ${isoSecond(keptAtMs)} (${kept.mRID})`,
      limiterText(keptState),
      [],
      CANCEL,
    );
    await readyMeter(headEnd.client, clock, a);
  },
);
