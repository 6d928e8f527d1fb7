// A-route durability: what the head-end answered before a restart of its process it answers the same
// after it, and the values the meters send again (those they cannot know arrived) are held once. The
// emulated head-end's process is killed without warning (no chance to flush) and started on its database;
// a real one is restarted by the operator. Values never answered before the restart are AR-CMP-001's.
import {
  answeredFor,
  answeredValues,
  caseFleet,
  feedOnClock,
  jst,
  someOf,
} from '../../harness/conformance/a-route-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';

headEndConformance(
  {
    id: 'AR-RST-001',
    title: 'a restart of the head-end loses no value it answered and holds the resent ones once',
    specRef: 'NG/A-ROUTE-DURABLE',
    severity: 'critical',
    catches: ['he-write-behind'],
    realTimeMs: (p) => (p.parameters.observeHours * 60 + 20) * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const cf = caseFleet(headEndProfile, clock);
    const half = cf.startMs + Math.floor((cf.endMs - cf.startMs) / 2 / 1_800_000) * 1_800_000;
    await feedOnClock(headEnd.client, clock, cf, half);
    const before = answeredValues(await answeredFor(headEnd.client, cf));
    await headEnd.restart();
    const after = answeredValues(await answeredFor(headEnd.client, cf));
    const lost = [...before.keys()].filter((key) => !after.has(key));
    verdicts.check(
      lost.length === 0,
      'NG/A-ROUTE-DURABLE: a value answered before the restart is answered after it',
      `all ${before.size} values`,
      `${lost.length} gone: ${someOf(lost.map(shown))}`,
      [],
      'NG/A-ROUTE-DURABLE',
    );
    // the meters send the last hour again, and go on
    await headEnd.client.ingestReadings(cf.feed.due(half - 3_600_000, half));
    const again = answeredValues(await answeredFor(headEnd.client, cf));
    const twice = [...before]
      .filter(([key, rs]) => (again.get(key)?.length ?? 0) > rs.length)
      .map(([key]) => shown(key));
    verdicts.check(
      twice.length === 0,
      'NG/A-ROUTE-DURABLE: a value sent again after the restart is held once',
      'each as often as before',
      `${twice.length} more often: ${someOf(twice)}`,
      [],
      'NG/A-ROUTE-DURABLE',
    );
  },
);

/** A value key (meter, interval end ms) as the reason shows it. */
function shown(key: string): string {
  const [meter, endMs] = key.split(' ');
  return `${meter} ${jst(Number(endMs))}`;
}
