// Outage and restoration detection at the head-end (seed 通信/システム: ポーリング・30分値の有効活用による
// 停電検知・復旧検知機能): a meter without power records no interval ending then, so its 30-minute values
// stop; the head-end must answer an outage EndDeviceEvent, and when the values come again a restoration,
// each within the declared time of its start, timed within the half hour its values allow (the outage
// after the last value before it, the restoration by the first value after it). Meters that kept their
// power get no outage. One meter, and a whole feeder (a fifth of the fleet) at once.
import type { EndDeviceEvent } from '../../harness/a-route/contract.ts';
import { HALF_HOUR_MS } from '../../harness/a-route/fleet.ts';
import type { PowerOutage } from '../../harness/a-route/fleet-feed.ts';
import type { HeadEndProfile } from '../../harness/a-route/head-end-profile.ts';
import { caseFleet, feedOnClock, jst, someOf } from '../../harness/conformance/a-route-watch.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';

type EventType = EndDeviceEvent['EndDeviceEventType']['ref'];

/** The outage: from 5 h 10 min into the observed time (or its fifth), for 3 h (or its fifth). */
function outageOf(meters: ReadonlySet<number>, startMs: number, hours: number): PowerOutage {
  const fromMs = startMs + Math.min(5 * 60 + 10, (hours * 60) / 5) * 60_000;
  return { meters, fromMs, toMs: fromMs + Math.min(180, (hours * 60) / 5) * 60_000 };
}

/** The outage of the meters `off` picks, watched tick by tick until its restoration's deadline. */
async function outageDetected(
  { headEndProfile, clock, verdicts, headEnd }: HeadEndCaseFixtures,
  off: (meters: number) => ReadonlySet<number>,
): Promise<void> {
  const p = headEndProfile.parameters;
  const detectMs = p.outageDetectionMinutes * 60_000;
  const meters = off(p.fleetMeters);
  let outage: PowerOutage | undefined;
  const cf = caseFleet(headEndProfile, clock, {
    outages: (_, startMs) => {
      outage = outageOf(meters, startMs, p.observeHours);
      return [outage];
    },
  });
  const o = outage!;
  const window = { from: new Date(cf.startMs).toISOString(), to: new Date(cf.endMs + 1).toISOString() };
  const eventsOf = async (k: number) =>
    (await headEnd.client.events({ meter: cf.fleet.meterId(k), ...window })).EndDeviceEvent;
  // when each meter's outage and restoration (timed within their half hour) were first answered
  const seen = new Map<string, number>();
  const expected: Record<EventType, [number, number]> = {
    'power-outage': [o.fromMs - HALF_HOUR_MS, o.fromMs],
    'power-restoration': [o.toMs, o.toMs + HALF_HOUR_MS],
  };
  const fits = (e: EndDeviceEvent) => {
    const [from, to] = expected[e.EndDeviceEventType.ref];
    const at = Date.parse(e.createdDateTime);
    return at >= from && at <= to;
  };
  await feedOnClock(headEnd.client, clock, cf, o.toMs + detectMs, async (now) => {
    if (now < o.fromMs) return;
    for (const k of meters)
      for (const e of await eventsOf(k))
        if (fits(e)) {
          const key = `${k} ${e.EndDeviceEventType.ref}`;
          if (!seen.has(key)) seen.set(key, now);
        }
  });
  const rule = `NG/A-ROUTE-OUTAGE: an outage and its restoration answered within ${p.outageDetectionMinutes} min`;
  const starts: Record<EventType, number> = { 'power-outage': o.fromMs, 'power-restoration': o.toMs };
  for (const type of ['power-outage', 'power-restoration'] as const) {
    const missed: string[] = [];
    const delays: number[] = [];
    for (const k of meters) {
      const at = seen.get(`${k} ${type}`);
      if (at === undefined || at - starts[type] > detectMs)
        missed.push(
          `${cf.fleet.meterId(k)}: ${at === undefined ? 'never' : `${(at - starts[type]) / 60_000} min after`}`,
        );
      else delays.push((at - starts[type]) / 60_000);
    }
    const [from, to] = expected[type];
    verdicts.check(
      missed.length === 0,
      rule,
      `a ${type} of each of the ${meters.size} meters, timed ${jst(from)}–${jst(to)}, by ${jst(starts[type] + detectMs)}`,
      `${missed.length} not: ${someOf(missed)}`,
      [],
      'NG/A-ROUTE-OUTAGE',
    );
    if (delays.length > 0)
      observe(
        `${type} of ${delays.length} meters answered ${Math.min(...delays)}–${Math.max(...delays)} min after it began`,
      );
  }
  // the meters that kept their power: no outage, at the end of the watch
  const falseAlarms: string[] = [];
  for (let k = 0; k < p.fleetMeters; k++)
    if (!meters.has(k) && (await eventsOf(k)).some((e) => e.EndDeviceEventType.ref === 'power-outage'))
      falseAlarms.push(cf.fleet.meterId(k));
  verdicts.check(
    falseAlarms.length === 0,
    'NG/A-ROUTE-OUTAGE: no outage answered for a meter whose values kept coming',
    'none',
    `${falseAlarms.length}: ${someOf(falseAlarms)}`,
    [],
    'NG/A-ROUTE-OUTAGE',
  );
}

const realTimeMs = (p: HeadEndProfile) =>
  (Math.min(5 * 60 + 10 + 180, (p.parameters.observeHours * 120) / 5) +
    p.parameters.outageDetectionMinutes +
    10) *
  60_000;

headEndConformance(
  {
    id: 'OUT-MTR-001',
    title: 'an outage of one meter and its restoration are answered within the declared time',
    specRef: 'NG/A-ROUTE-OUTAGE',
    severity: 'major',
    catches: ['he-missed-outage'],
    realTimeMs,
  },
  (fixtures) => outageDetected(fixtures, (n) => new Set([Math.min(7, n - 1)])),
);

headEndConformance(
  {
    id: 'OUT-FDR-001',
    title:
      'an outage of a whole feeder (a fifth of the meters) and its restoration are answered within the declared time',
    specRef: 'NG/A-ROUTE-OUTAGE',
    severity: 'major',
    catches: ['he-missed-outage'],
    realTimeMs,
  },
  (fixtures) =>
    outageDetected(
      fixtures,
      (n) => new Set(Array.from({ length: Math.max(1, Math.floor(n / 5)) }, (_, k) => k)),
    ),
);
