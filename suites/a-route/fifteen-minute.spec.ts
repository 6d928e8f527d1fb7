// The 30 → 15-minute switch (seed: 30分値, 15分値へ切替可能): half the fleet switches to 15-minute values
// halfway through the observed day. Its 15-minute values are answered as sent; every meter's 30-minute
// values are answered still (a switched meter's counter at each :00/:30 is its 30-minute value: the
// retailers' 30-minute data of all customers stays due); and the switch is no outage.
import {
  answeredFor,
  answeredValues,
  caseFleet,
  fedValues,
  feedOnClock,
  jst,
  someOf,
  valueKey,
} from '../../harness/conformance/a-route-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import { passUntil } from '../../harness/conformance/long-wait.ts';

const CLAUSE = 'NG/A-ROUTE-15MIN';
const QUARTER_MS = 15 * 60_000;

headEndConformance(
  {
    id: 'AR-15M-001',
    title:
      'after the 30 → 15-minute switch the 15-minute values are answered, no 30-minute value is lost and no outage is raised',
    specRef: CLAUSE,
    severity: 'major',
    catches: ['he-fifteen-minute-no-thirty'],
    realTimeMs: (p) => (p.parameters.observeHours * 60 + p.parameters.deliveryMinutes + 150) * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const p = headEndProfile.parameters;
    const cf = caseFleet(headEndProfile, clock, {
      switchedTo15: (meters, startMs) => ({
        meters: new Set(Array.from({ length: meters }, (_, k) => k).filter((k) => k % 2 === 0)),
        fromMs: startMs + (p.observeHours / 2) * 3_600_000 - (((p.observeHours / 2) * 3_600_000) % 1_800_000),
      }),
    });
    const last = cf.feed.lastSendMs();
    await feedOnClock(headEnd.client, clock, cf, last);
    await passUntil(clock, Math.max(last, cf.endMs + p.deliveryMinutes * 60_000) + 2 * 3_600_000);
    const { fleet, meters, fromSlot, toSlot } = cf.feed.options;
    const switched = meters.filter((k) => cf.feed.fifteenMinute(k, toSlot - 1));
    // the 15-minute values sent, as sent
    const quarterIds = switched.map((k) => fleet.meterId(k));
    const quarters = answeredValues(
      await answeredFor(headEnd.client, cf, { readingType: 'energy-forward-15min', meters: switched }),
    );
    const wrong15: string[] = [];
    let sent15 = 0;
    for (const k of switched)
      for (let s = fromSlot; s < toSlot; s++)
        if (cf.feed.fifteenMinute(k, s))
          for (const j of [2 * s, 2 * s + 1]) {
            sent15++;
            const endMs = cf.feed.endOf(s) - (2 * s + 1 - j) * QUARTER_MS;
            const got = quarters.get(valueKey(fleet.meterId(k), endMs))?.[0]?.value;
            const want = fleet.counterAt(k, 15, j);
            if (got !== want)
              wrong15.push(
                `${fleet.meterId(k)} ${jst(endMs)}: sent '${want}', answered '${got ?? 'nothing'}'`,
              );
          }
    if (switched.length === 0 || sent15 === 0)
      return verdicts.inconclusive('no meter switched within the observed hours: nothing to judge');
    verdicts.check(
      wrong15.length === 0,
      `${CLAUSE}: each 15-minute value of a switched meter answered as sent`,
      `${sent15} values of ${switched.length} meters`,
      `${wrong15.length} missing or changed: ${someOf(wrong15)}`,
      [],
      CLAUSE,
    );
    // every meter's 30-minute values, the switched meters' too
    const fed = fedValues(cf);
    const answered = answeredValues(await answeredFor(headEnd.client, cf));
    const lost = [...fed]
      .filter(([key, v]) => answered.get(key)?.[0]?.value !== v.value)
      .map(([, v]) => `${v.meter} ${jst(v.endMs)}`);
    verdicts.check(
      lost.length === 0,
      `${CLAUSE}: every meter's 30-minute values answered after the switch (a switched meter's: its counter at :00/:30)`,
      `all ${fed.size} values`,
      `${lost.length} missing or changed: ${someOf(lost)}`,
      [],
      CLAUSE,
    );
    const outages: string[] = [];
    for (const id of quarterIds)
      for (const e of (
        await headEnd.client.events({
          meter: id,
          // before the last value: the fleet's values stop there, an outage since then is the feed's end
          from: new Date(cf.startMs).toISOString(),
          to: new Date(cf.endMs).toISOString(),
        })
      ).EndDeviceEvent)
        if (e.EndDeviceEventType.ref === 'power-outage') outages.push(`${id} ${e.createdDateTime}`);
    verdicts.check(
      outages.length === 0,
      `${CLAUSE}: the switch is no outage (a switched meter's values kept coming)`,
      'no power-outage event',
      `${outages.length}: ${someOf(outages)}`,
      [],
      CLAUSE,
    );
  },
);
