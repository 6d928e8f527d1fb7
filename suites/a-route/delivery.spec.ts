// A-route delivery: every 30-minute value of every meter is answered by the head-end within the declared
// deadline of its interval's end (seed 通信/システム: 30分値有効電力量を30分毎に60分以内に送付; the HV
// table: 30分以内): AR-DLV-001 for the LV fleet, AR-DLV-002 for the HV one. The fleet's network takes up
// to networkLatencyMinutes of it; the rest is the head-end's. A value never answered is AR-CMP-001's
// rule, not this one's: these cases judge when the values that come, come. The latency percentiles go
// to the report.

import {
  answeredFor,
  answeredValues,
  caseFleet,
  fedValues,
  feedOnClock,
  jst,
  someOf,
  TICK_MS,
} from '../../harness/conformance/a-route-watch.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';

const deadlineMinutes = (hv: boolean, p: HeadEndCaseFixtures['headEndProfile']['parameters']) =>
  hv ? p.hvDeliveryMinutes : p.deliveryMinutes;

for (const hv of [false, true])
  headEndConformance(
    {
      id: hv ? 'AR-DLV-002' : 'AR-DLV-001',
      title: `every 30-minute value of every ${hv ? 'HV' : 'LV'} meter is answered within the deadline of its interval’s end`,
      specRef: 'NG/A-ROUTE-DELIVERY',
      severity: 'critical',
      catches: hv ? ['he-late-delivery', 'he-hv-late-delivery'] : ['he-late-delivery'],
      realTimeMs: (p) => (p.parameters.observeHours * 60 + deadlineMinutes(hv, p.parameters) + 30) * 60_000,
    },
    (fixtures) => delivery(fixtures, hv),
  );

async function delivery({ headEndProfile, clock, verdicts, headEnd }: HeadEndCaseFixtures, hv: boolean) {
  const deadlineMs = deadlineMinutes(hv, headEndProfile.parameters) * 60_000;
  const cf = caseFleet(headEndProfile, clock, { hv });
  const fed = fedValues(cf);
  const firstAnswered = new Map<string, number>();
  // watched until the last value's deadline and half an hour on: a late one is seen late, not missed
  await feedOnClock(headEnd.client, clock, cf, cf.endMs + deadlineMs + 30 * 60_000, async (now) => {
    for (const key of answeredValues(await answeredFor(headEnd.client, cf)).keys())
      if (fed.has(key) && !firstAnswered.has(key)) firstAnswered.set(key, now);
  });
  const late: string[] = [];
  const latencies: number[] = [];
  for (const [key, v] of fed) {
    const at = firstAnswered.get(key);
    if (at === undefined) continue;
    latencies.push(at - v.endMs);
    if (at - v.endMs > deadlineMs)
      late.push(`${v.meter} ${jst(v.endMs)}: first answered ${(at - v.endMs) / 60_000} min after`);
  }
  if (latencies.length === 0)
    return verdicts.inconclusive(
      `no value of the ${fed.size} delivered was ever answered: AR-CMP-001 judges that; no latency to judge`,
    );
  verdicts.check(
    late.length === 0,
    `NG/A-ROUTE-DELIVERY: each 30-minute value of an ${hv ? 'HV' : 'LV'} meter answered within ${deadlineMs / 60_000} min of its interval's end`,
    `every one of ${latencies.length} values by then`,
    `${late.length} later: ${someOf(late)}`,
    [],
    'NG/A-ROUTE-DELIVERY',
  );
  latencies.sort((a, b) => a - b);
  const pct = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]! / 60_000;
  observe(
    `${hv ? 'HV' : 'LV'} delivery latency of ${latencies.length} values (${fed.size - latencies.length} never answered), to ${TICK_MS / 60_000} min: p50 ${pct(0.5)} min, p95 ${pct(0.95)} min, p99 ${pct(0.99)} min, max ${pct(1)} min; deadline ${deadlineMs / 60_000} min`,
  );
}
