// A-route completeness and digits: every 30-minute value of every meter is held once, through a
// communication outage of a tenth of the meters (their values held back, then sent again with the hour
// before the loss: the head-end is offered duplicates it must hold once); and the value answered is the
// value delivered, all 8 digits (seed 計測粒度 ※２: 有効電力量の取得・表示桁数は、MDMSまで８桁).
import type { CommunicationLoss } from '../../harness/a-route/fleet-feed.ts';
import {
  answeredFor,
  answeredValues,
  caseFleet,
  fedValues,
  feedOnClock,
  jst,
  someOf,
} from '../../harness/conformance/a-route-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import type { HeadEndCaseFixtures } from '../../harness/conformance/head-end-fixtures.ts';
import { passUntil } from '../../harness/conformance/long-wait.ts';

/** A tenth of the meters lose their link for 3 hours from the sixth hour (or half the observed time). */
function linkLoss(meters: number, startMs: number, hours: number): readonly CommunicationLoss[] {
  const fromMs = startMs + Math.min(6, hours / 4) * 3_600_000;
  const lost = new Set(Array.from({ length: meters }, (_, k) => k).filter((k) => k % 10 === 3));
  return [{ meters: lost, fromMs, toMs: fromMs + Math.min(3, hours / 4) * 3_600_000 }];
}

/** Feeds the fleet with its outage, and asks for everything once the last value is well past its deadline. */
async function fedAndAnswered({ headEndProfile, clock, headEnd }: HeadEndCaseFixtures) {
  const p = headEndProfile.parameters;
  const cf = caseFleet(headEndProfile, clock, {
    losses: (meters, startMs) => linkLoss(meters, startMs, p.observeHours),
  });
  const last = cf.feed.lastSendMs();
  await feedOnClock(headEnd.client, clock, cf, last);
  // asked once every value is past its deadline and its latest sending by two hours
  await passUntil(clock, Math.max(last, cf.endMs + p.deliveryMinutes * 60_000) + 2 * 3_600_000);
  return { fed: fedValues(cf), answered: answeredValues(await answeredFor(headEnd.client, cf)) };
}

const realTimeMs = (p: { parameters: { observeHours: number; deliveryMinutes: number } }) =>
  (p.parameters.observeHours * 60 + p.parameters.deliveryMinutes + 150) * 60_000;

headEndConformance(
  {
    id: 'AR-CMP-001',
    title: 'every 30-minute value of every meter is held once, through a communication outage',
    specRef: 'NG/A-ROUTE-COMPLETE',
    severity: 'critical',
    catches: ['he-dropped-slot', 'he-duplicated-slot'],
    realTimeMs,
  },
  async (fixtures) => {
    const { fed, answered } = await fedAndAnswered(fixtures);
    const lost: string[] = [];
    const twice: string[] = [];
    for (const [key, v] of fed) {
      const n = answered.get(key)?.length ?? 0;
      if (n === 0) lost.push(`${v.meter} ${jst(v.endMs)}`);
      if (n > 1) twice.push(`${v.meter} ${jst(v.endMs)} answered ${n} times`);
    }
    const rule = 'NG/A-ROUTE-COMPLETE: each delivered 30-minute value answered exactly once';
    fixtures.verdicts.check(
      lost.length === 0,
      rule,
      `all ${fed.size} values`,
      `${lost.length} missing: ${someOf(lost)}`,
      [],
      'NG/A-ROUTE-COMPLETE',
    );
    fixtures.verdicts.check(
      twice.length === 0,
      rule,
      'each once',
      `${twice.length} more than once: ${someOf(twice)}`,
      [],
      'NG/A-ROUTE-COMPLETE',
    );
  },
);

headEndConformance(
  {
    id: 'AR-DIG-001',
    title: 'each 30-minute value is answered as delivered, all 8 digits',
    specRef: 'NG/A-ROUTE-DIGITS',
    severity: 'major',
    catches: ['he-truncated-digits'],
    realTimeMs,
  },
  async (fixtures) => {
    const { fed, answered } = await fedAndAnswered(fixtures);
    const changed: string[] = [];
    let compared = 0;
    let eightDigits = 0;
    for (const [key, v] of fed) {
      if (v.value.replace(/^0+|\./g, '').length === 8) eightDigits++;
      for (const r of answered.get(key) ?? []) {
        compared++;
        if (r.value !== v.value)
          changed.push(`${v.meter} ${jst(v.endMs)}: delivered '${v.value}', answered '${r.value}'`);
      }
    }
    if (compared === 0 || eightDigits === 0)
      return fixtures.verdicts.inconclusive(
        `${compared} values answered, ${eightDigits} of the delivered with 8 significant digits: nothing to compare`,
      );
    fixtures.verdicts.check(
      changed.length === 0,
      'NG/A-ROUTE-DIGITS: the value answered is the value delivered, digit for digit (8 digits to the MDMS)',
      `${compared} values unchanged`,
      `${changed.length} changed: ${someOf(changed)}`,
      [],
      'NG/A-ROUTE-DIGITS',
    );
  },
);
