// Outage and restoration detection by polling (seed 通信/システム: ポーリング・30分値の有効活用による
// 停電検知・復旧検知機能): meters the head-end polls (pollMeters; no 30-minute values are sent here, so
// only polling can tell) lose their power; each outage and each restoration must be answered as an
// EndDeviceEvent within pollDetectionMinutes of its start, timed within that of it, and the meters that
// kept their power get no outage. One meter, then a feeder (the first half of pollMeters) at once.
import type { EndDeviceEvent } from '../../harness/a-route/contract.ts';
import { jst, someOf } from '../../harness/conformance/a-route-watch.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';
import { passLong } from '../../harness/conformance/long-wait.ts';
import { inconclusive } from '../../harness/conformance/verdict.ts';

const CLAUSE = 'NG/A-ROUTE-OUTAGE-POLL';
const MINUTE_MS = 60_000;
/** Before the cut, so that it falls between a head-end's polls rather than on one. */
const LEAD_MS = MINUTE_MS;

type EventType = EndDeviceEvent['EndDeviceEventType']['ref'];

/** The power of `off` cut long enough for any head-end meeting the deadline to see it, watched a minute at a time. */
async function polledOutage(
  { headEndProfile, clock, verdicts, headEnd }: HeadEndCaseFixtures,
  off: readonly string[],
): Promise<void> {
  const p = headEndProfile.parameters;
  const detectMs = p.pollDetectionMinutes * MINUTE_MS;
  const outageMs = 2 * detectMs + 10 * MINUTE_MS;
  const before = await headEnd.client.instantaneous(p.pollMeters);
  const silent = p.pollMeters.filter((m) => !before.MeterReading.some((r) => r.Meter.mRID === m));
  if (silent.length > 0)
    inconclusive(
      `${someOf(silent)}: no instantaneous value before the cut — the head-end does not reach ${silent.length > 1 ? 'them' : 'it'} (pollMeters must be powered meters behind it)`,
    );
  const windowFrom = new Date(clock.now()).toISOString();
  await passLong(clock, LEAD_MS);
  const starts: Record<EventType, number> = {
    'power-outage': clock.now(),
    'power-restoration': clock.now() + outageMs,
  };
  const eventsOf = async (meter: string) =>
    (await headEnd.client.events({ meter, from: windowFrom, to: new Date(clock.now() + 1).toISOString() }))
      .EndDeviceEvent;
  // each meter's first outage and first restoration answered: when, and the time it gave
  const seen = new Map<string, { atMs: number; createdMs: number }>();
  const watch = async () => {
    for (const meter of off)
      for (const e of await eventsOf(meter)) {
        const key = `${meter} ${e.EndDeviceEventType.ref}`;
        if (!seen.has(key)) seen.set(key, { atMs: clock.now(), createdMs: Date.parse(e.createdDateTime) });
      }
  };
  let powered = true;
  try {
    await headEnd.power(off, false);
    powered = false;
    while (clock.now() < starts['power-restoration']) {
      await passLong(clock, MINUTE_MS);
      await watch();
    }
    await headEnd.power(off, true);
    powered = true;
    while (clock.now() < starts['power-restoration'] + detectMs) {
      await passLong(clock, MINUTE_MS);
      await watch();
    }
  } finally {
    if (!powered) await headEnd.power(off, true);
  }
  for (const type of ['power-outage', 'power-restoration'] as const) {
    const missed: string[] = [];
    const delays: number[] = [];
    for (const meter of off) {
      const got = seen.get(`${meter} ${type}`);
      const delay = got && (got.atMs - starts[type]) / MINUTE_MS;
      if (!got || got.atMs - starts[type] > detectMs || Math.abs(got.createdMs - starts[type]) > detectMs)
        missed.push(
          `${meter}: ${got ? `timed ${jst(got.createdMs)}, answered ${delay} min after` : 'never'}`,
        );
      else delays.push(delay!);
    }
    verdicts.check(
      missed.length === 0,
      `${CLAUSE}: a polled meter's ${type === 'power-outage' ? 'outage' : 'restoration'} answered within ${p.pollDetectionMinutes} min`,
      `a ${type} of each of ${off.length} meter${off.length > 1 ? 's' : ''}, timed within ${p.pollDetectionMinutes} min of ${jst(starts[type])}, by ${jst(starts[type] + detectMs)}`,
      `${missed.length} not: ${someOf(missed)}`,
      [],
      CLAUSE,
    );
    if (delays.length > 0)
      observe(
        `${type} of ${delays.length} polled meters answered ${Math.min(...delays)}–${Math.max(...delays)} min after it began`,
      );
  }
  const falseAlarms: string[] = [];
  for (const meter of p.pollMeters.filter((m) => !off.includes(m)))
    if ((await eventsOf(meter)).some((e) => e.EndDeviceEventType.ref === 'power-outage'))
      falseAlarms.push(meter);
  verdicts.check(
    falseAlarms.length === 0,
    `${CLAUSE}: no outage answered for a polled meter that kept its power`,
    'none',
    `${falseAlarms.length}: ${someOf(falseAlarms)}`,
    [],
    CLAUSE,
  );
}

const realTimeMs = ({ parameters: p }: HeadEndCaseFixtures['headEndProfile']) =>
  LEAD_MS + (3 * p.pollDetectionMinutes + 10 + 5) * MINUTE_MS;

headEndConformance(
  {
    id: 'OUT-POL-001',
    title: 'an outage of one polled meter and its restoration are answered within the declared time',
    specRef: CLAUSE,
    severity: 'major',
    catches: ['he-no-polling', 'he-slow-polling'],
    realTimeMs,
  },
  (fixtures) => polledOutage(fixtures, fixtures.headEndProfile.parameters.pollMeters.slice(0, 1)),
);

headEndConformance(
  {
    id: 'OUT-POL-002',
    title:
      'an outage of a feeder of polled meters (the first half) and its restoration are answered within the declared time',
    specRef: CLAUSE,
    severity: 'major',
    catches: ['he-no-polling', 'he-slow-polling'],
    realTimeMs,
  },
  (fixtures) => {
    const meters = fixtures.headEndProfile.parameters.pollMeters;
    return polledOutage(fixtures, meters.slice(0, Math.floor(meters.length / 2)));
  },
);
