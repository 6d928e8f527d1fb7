// The next generation's finer A-route data (seed 通信/システム): 5-minute active energy, reactive energy
// and voltage of ≥ ~10 % of customers within a few days (historical data, AR-5HS-001), and real-time
// data of ≥ ~3 % within 10 minutes (AR-RTD-001; 5- or 1-minute data: the sources disagree, so
// realTimeGranularityMinutes). The fleet's share of meters gives them (fine-feed.ts): historical data in
// one batch the night after the day, real-time data seconds to realTimeLatencySeconds after each
// interval. Each value's first answer is timed; a customer counts when every value of it is in time.
import { FineFeed, type FineValue, shareOfMeters } from '../../harness/a-route/fine-feed.ts';
import { answeredFine, caseFleet, feedTicks, jst, someOf } from '../../harness/conformance/a-route-watch.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';
import { seededHash } from '../../harness/seeded-hash.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const JST_MS = 9 * HOUR_MS;
/** Real-time data is watched this long: enough intervals to see a head-end that answers in batches. */
const REAL_TIME_HOURS = 3;

/**
 * Feeds `feed` from `fromMs` in ticks of `tickMs` until `untilMs`, asking the head-end at each tick, and
 * judges each fed value by when it was first answered against its interval's end + `withinMs`.
 */
async function timedCustomers(
  { clock, headEnd }: HeadEndCaseFixtures,
  feed: FineFeed,
  ticks: { fromMs: number; untilMs: number; tickMs: number },
  withinMs: number,
) {
  const fed = feed.fedValues();
  const first = new Map<string, number>();
  const wrong: string[] = [];
  await feedTicks(headEnd.client, clock, feed, ticks, async (now) => {
    for (const [key, values] of await answeredFine(headEnd.client, feed)) {
      const v = fed.get(key);
      if (!v || first.has(key)) continue;
      first.set(key, now);
      if (values.some((x) => x !== v.value))
        wrong.push(`${nameOf(v)}: fed '${v.value}', answered '${values}'`);
    }
  });
  const lateOf = new Map<string, string[]>();
  for (const [key, v] of fed) {
    const at = first.get(key);
    if (at !== undefined && at - v.endMs <= withinMs) continue;
    const late = at === undefined ? 'never answered' : `first answered ${(at - v.endMs) / 60_000} min after`;
    lateOf.set(v.meter, [...(lateOf.get(v.meter) ?? []), `${nameOf(v)}: ${late}`]);
  }
  const customers = feed.options.meters.length;
  return { fed, first, wrong, lateOf, inTime: customers - lateOf.size };
}

const nameOf = (v: FineValue) => `${v.meter} ${v.type} ${jst(v.endMs)}`;

/** The share of the fleet's customers, as a percentage for the rule's text. */
const percent = (share: number) => `${Math.round(share * 1000) / 10} %`;

headEndConformance(
  {
    id: 'AR-5HS-001',
    title:
      '5-minute active energy, reactive energy and voltage of the declared share of customers are answered within the declared days',
    specRef: 'NG/A-ROUTE-5MIN-HISTORICAL',
    severity: 'major',
    catches: ['he-five-minute-energy-only'],
    realTimeMs: (p) => (p.parameters.observeHours + (p.parameters.historicalDays + 1) * 24) * HOUR_MS,
  },
  async (fixtures) => {
    const p = fixtures.headEndProfile.parameters;
    const { fleet, startMs } = caseFleet(fixtures.headEndProfile, fixtures.clock);
    const toMs = startMs + p.observeHours * HOUR_MS;
    // the day's values go in one batch at historicalBatchHour JST after it, each meter a few minutes apart
    const batchMs =
      Math.ceil((toMs + JST_MS - p.historicalBatchHour * HOUR_MS) / DAY_MS) * DAY_MS -
      JST_MS +
      p.historicalBatchHour * HOUR_MS;
    const feed = new FineFeed({
      fleet,
      meters: shareOfMeters(p.fleetMeters, p.historicalShare),
      minutes: 5,
      fromMs: startMs,
      toMs,
      sendAt: (k) => batchMs + 60_000 + (seededHash(0x5415, k) % (p.networkLatencyMinutes * 60_000)),
    });
    const withinMs = p.historicalDays * DAY_MS;
    const judged = await timedCustomers(
      fixtures,
      feed,
      { fromMs: startMs, untilMs: toMs + withinMs, tickMs: HOUR_MS },
      withinMs,
    );
    const need = Math.ceil(p.historicalShare * p.fleetMeters - 1e-9);
    fixtures.verdicts.check(
      judged.inTime >= need,
      `NG/A-ROUTE-5MIN-HISTORICAL: the 5-minute active energy, reactive energy and voltage of ≥ ${percent(p.historicalShare)} of customers answered within ${p.historicalDays} days`,
      `≥ ${need} of ${p.fleetMeters} customers with all ${judged.fed.size / feed.options.meters.length} values in time`,
      `${judged.inTime}: ${someOf(
        [...judged.lateOf.values()].map((l) => someOf(l, 2)),
        2,
      )}`,
      [],
      'NG/A-ROUTE-5MIN-HISTORICAL',
    );
    fixtures.verdicts.check(
      judged.wrong.length === 0,
      'NG/A-ROUTE-5MIN-HISTORICAL: each 5-minute value answered as delivered',
      'each as fed',
      `${judged.wrong.length} changed: ${someOf(judged.wrong)}`,
      [],
      'NG/A-ROUTE-5MIN-HISTORICAL',
    );
    observe(
      `historical 5-minute data: ${judged.fed.size} values of ${feed.options.meters.length} customers sent at ${jst(batchMs)}; ${judged.first.size} answered, ${judged.inTime} customers complete within ${p.historicalDays} days (asked hourly)`,
    );
  },
);

headEndConformance(
  {
    id: 'AR-RTD-001',
    title: 'real-time data of the declared share of customers is answered within the declared minutes',
    specRef: 'NG/A-ROUTE-REALTIME',
    severity: 'major',
    catches: ['he-real-time-hourly', 'he-five-minute-energy-only'],
    realTimeMs: (p) => REAL_TIME_HOURS * HOUR_MS + p.parameters.realTimeMinutes * 60_000 + 5 * 60_000,
  },
  async (fixtures) => {
    const p = fixtures.headEndProfile.parameters;
    const { fleet, startMs } = caseFleet(fixtures.headEndProfile, fixtures.clock);
    const toMs = startMs + REAL_TIME_HOURS * HOUR_MS;
    const latencyMs = p.realTimeLatencySeconds * 1000;
    const feed = new FineFeed({
      fleet,
      meters: shareOfMeters(p.fleetMeters, p.realTimeShare),
      minutes: p.realTimeGranularityMinutes,
      fromMs: startMs,
      toMs,
      // 10 s to realTimeLatencySeconds after the interval's end, seeded per meter and interval
      sendAt: (k, endMs) =>
        endMs + 10_000 + (seededHash(seededHash(0x0e1a, k), endMs / 60_000) % (latencyMs - 9_999)),
    });
    const withinMs = p.realTimeMinutes * 60_000;
    // asked every minute: each value's latency is known to the minute
    const judged = await timedCustomers(
      fixtures,
      feed,
      { fromMs: startMs, untilMs: toMs + withinMs, tickMs: 60_000 },
      withinMs,
    );
    const need = Math.ceil(p.realTimeShare * p.fleetMeters - 1e-9);
    fixtures.verdicts.check(
      judged.inTime >= need,
      `NG/A-ROUTE-REALTIME: the ${p.realTimeGranularityMinutes}-minute real-time data (active energy, reactive energy, voltage) of ≥ ${percent(p.realTimeShare)} of customers answered within ${p.realTimeMinutes} min of each interval's end`,
      `≥ ${need} of ${p.fleetMeters} customers with every value in time`,
      `${judged.inTime}: ${someOf(
        [...judged.lateOf.values()].map((l) => someOf(l, 2)),
        2,
      )}`,
      [],
      'NG/A-ROUTE-REALTIME',
    );
    const latencies = [...judged.first].map(([key, at]) => at - judged.fed.get(key)!.endMs);
    observe(
      `real-time ${p.realTimeGranularityMinutes}-minute data: ${judged.fed.size} values of ${feed.options.meters.length} customers over ${REAL_TIME_HOURS} h; ${latencies.length} answered, the latest ${Math.max(0, ...latencies) / 60_000} min after its interval (asked every minute)`,
    );
  },
);
