// The breaker of remote ampere control (today's meters, varying by utility: ../shared/reference/
// next-generation.md; the figures are the profile's /parameters/ampere): over the limit it trips, it
// closes again by itself after the reclose delay, after lockoutTrips trips within the window it stays
// open until the utility restores it. The cases wait for a load over three times the smallest step, then
// set that step: the load trips it. A load that falls under the limit meanwhile leaves the case INCONC.
import type { LimiterState } from '../../harness/a-route/contract.ts';
import type { HeadEndProfile } from '../../harness/a-route/head-end-profile.ts';
import {
  ampereNotForDevice,
  amps,
  commandOk,
  controlOf,
  limiterText,
  readyMeter,
  stateAt,
  takenSteps,
  waitForLoad,
} from '../../harness/conformance/ampere-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';

const CLAUSE = 'NG/AMPERE-BREAKER';

/** A closed breaker during the trips: the load fell under the limit, so there is nothing to judge. */
function stillOverloaded(s: LimiterState): void {
  if (s.breaker === 'closed')
    inconclusive(`the load fell under the smallest step during the trips: ${limiterText(s)}`);
}

const realTimeMs = (p: HeadEndProfile) =>
  p.parameters.ampere.loadWaitHours * 3_600_000 +
  (p.parameters.ampere.lockoutTrips + 2) * p.parameters.ampere.recloseSeconds * 1000 +
  5 * 60_000;

/** Waits for a load, sets the smallest step and checks that it trips: the time it did. */
async function tripped({ headEndProfile, clock, verdicts, headEnd }: HeadEndCaseFixtures): Promise<number> {
  const a = headEndProfile.parameters.ampere;
  await readyMeter(headEnd.client, clock, a);
  const loaded = await waitForLoad(headEnd.client, clock, a);
  const smallest = takenSteps(a)[0]!;
  const t0 = clock.now();
  await commandOk(
    headEnd.client,
    controlOf(a.meter, 'ampere-limit-set', { limit: amps(smallest) }),
    `${CLAUSE}: the smallest step is taken`,
    CLAUSE,
  );
  const s = await headEnd.client.limiterState(a.meter);
  verdicts.check(
    s.breaker !== 'closed' && s.currentA === 0,
    `${CLAUSE}: a load over the limit trips the breaker`,
    `breaker tripped, 0 A flowing (${loaded.currentA} A over a limit of ${smallest} A)`,
    limiterText(s),
    [],
    CLAUSE,
  );
  return t0;
}

headEndConformance(
  {
    id: 'AC-TRP-001',
    title: 'over the limit the breaker trips, and closes again by itself after the reclose delay',
    specRef: CLAUSE,
    severity: 'major',
    notForDevice: ampereNotForDevice,
    appliesToHeadEnd: (p) =>
      p.parameters.ampere.lockoutTrips > 1
        ? true
        : 'lockoutTrips is 1: the first trip locks out, nothing recloses by itself (AC-LCK-001)',
    catches: ['he-limiter-reclose-early'],
    realTimeMs,
  },
  async (fixtures) => {
    const { headEndProfile, clock, verdicts, headEnd } = fixtures;
    const a = headEndProfile.parameters.ampere;
    const t0 = await tripped(fixtures);
    // the limit back up while it is open: it closes at the reclose time and stays closed
    await commandOk(
      headEnd.client,
      controlOf(a.meter, 'ampere-limit-set', { limit: amps(a.initialLimitA) }),
      `${CLAUSE}: the limit is set while the breaker is open`,
      CLAUSE,
    );
    const reclose = t0 + a.recloseSeconds * 1000;
    const tol = a.breakerToleranceSeconds * 1000;
    const before = await stateAt(headEnd.client, clock, a, reclose - tol);
    verdicts.check(
      before.breaker === 'tripped',
      `${CLAUSE}: the breaker stays open until the reclose delay (${a.recloseSeconds} s)`,
      `tripped ${a.recloseSeconds - a.breakerToleranceSeconds} s after the trip`,
      limiterText(before),
      [],
      CLAUSE,
    );
    const after = await stateAt(headEnd.client, clock, a, reclose + tol);
    verdicts.check(
      after.breaker === 'closed',
      `${CLAUSE}: the breaker closes again by itself after the reclose delay (${a.recloseSeconds} s)`,
      `closed ${a.recloseSeconds + a.breakerToleranceSeconds} s after the trip`,
      limiterText(after),
      [],
      CLAUSE,
    );
    await readyMeter(headEnd.client, clock, a);
  },
);

headEndConformance(
  {
    id: 'AC-LCK-001',
    title:
      'the declared number of trips within the window locks the breaker out until the utility restores it',
    specRef: CLAUSE,
    severity: 'major',
    notForDevice: ampereNotForDevice,
    appliesToHeadEnd: (p) => {
      const a = p.parameters.ampere;
      return (a.lockoutTrips - 1) * a.recloseSeconds < a.lockoutWindowMinutes * 60
        ? true
        : `${a.lockoutTrips} trips ${a.recloseSeconds} s apart do not fit the ${a.lockoutWindowMinutes}-minute window: a steady overload never locks out`;
    },
    catches: ['he-limiter-no-lockout'],
    realTimeMs,
  },
  async (fixtures) => {
    const { headEndProfile, clock, verdicts, headEnd } = fixtures;
    const a = headEndProfile.parameters.ampere;
    const t0 = await tripped(fixtures);
    // a steady overload: it recloses and trips again every recloseSeconds; the last trip locks out
    const lockout = t0 + (a.lockoutTrips - 1) * a.recloseSeconds * 1000;
    const tol = a.breakerToleranceSeconds * 1000;
    if (a.lockoutTrips > 1) {
      const before = await stateAt(headEnd.client, clock, a, lockout - tol);
      stillOverloaded(before);
      verdicts.check(
        before.breaker === 'tripped',
        `${CLAUSE}: not locked out before trip ${a.lockoutTrips} within ${a.lockoutWindowMinutes} min`,
        `tripped (and reclosing) ${(lockout - tol - t0) / 1000} s after the first trip`,
        limiterText(before),
        [],
        CLAUSE,
      );
    }
    const locked = await stateAt(headEnd.client, clock, a, lockout + tol);
    stillOverloaded(locked);
    verdicts.check(
      locked.breaker === 'locked-out',
      `${CLAUSE}: trip ${a.lockoutTrips} within ${a.lockoutWindowMinutes} min locks the breaker out`,
      `locked-out ${(lockout + tol - t0) / 1000} s after the first trip`,
      limiterText(locked),
      [],
      CLAUSE,
    );
    const stays = await stateAt(headEnd.client, clock, a, lockout + a.recloseSeconds * 1000 + 2 * tol);
    verdicts.check(
      stays.breaker === 'locked-out',
      `${CLAUSE}: a locked-out breaker does not close by itself`,
      `locked-out past the reclose delay`,
      limiterText(stays),
      [],
      CLAUSE,
    );
    await commandOk(
      headEnd.client,
      controlOf(a.meter, 'ampere-limit-set', { limit: amps(a.initialLimitA) }),
      `${CLAUSE}: the limit is set while locked out`,
      CLAUSE,
    );
    await commandOk(
      headEnd.client,
      controlOf(a.meter, 'breaker-restore'),
      `${CLAUSE}: the utility’s restore is taken`,
      CLAUSE,
    );
    const restored = await headEnd.client.limiterState(a.meter);
    verdicts.check(
      restored.breaker === 'closed',
      `${CLAUSE}: the utility’s restore closes a locked-out breaker`,
      'closed',
      limiterText(restored),
      [],
      CLAUSE,
    );
  },
);
