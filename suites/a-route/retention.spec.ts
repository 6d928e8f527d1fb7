// A-route retention: 30-minute values are kept 3 years (seed 通信/システム: （3年間保存）; today's A-route
// keeps 2), on the virtual clock: a day delivered and answered, then asked for again a day short of the
// declared years. A value never answered at all is AR-CMP-001's rule, not this one's.
import type { HeadEndProfile } from '../../harness/a-route/head-end-profile.ts';
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
import { passUntil } from '../../harness/conformance/long-wait.ts';

const DAY_MS = 86_400_000;

headEndConformance(
  {
    id: 'AR-RET-001',
    title: 'the 30-minute values are answered for the declared years (3) after their interval',
    specRef: 'NG/A-ROUTE-RETENTION',
    severity: 'major',
    catches: ['he-short-retention'],
    realTimeMs: 60_000,
    appliesToHeadEnd: (p: HeadEndProfile) =>
      p.target.type === 'emulated'
        ? true
        : `${p.parameters.retentionYears} years on the wall clock: a real head-end shows its retention by its records, not by this case`,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const p = headEndProfile.parameters;
    const cf = caseFleet(headEndProfile, clock);
    await feedOnClock(headEnd.client, clock, cf, cf.feed.lastSendMs());
    await passUntil(clock, cf.feed.lastSendMs() + p.deliveryMinutes * 60_000);
    const fed = fedValues(cf);
    const answeredThen = answeredValues(await answeredFor(headEnd.client, cf));
    // a day short of the declared years after the first interval: every value is still inside them
    const askedAt = cf.startMs + Math.floor(p.retentionYears * 365.25) * DAY_MS - DAY_MS;
    await passUntil(clock, askedAt);
    const answered = answeredValues(await answeredFor(headEnd.client, cf));
    const gone = [...fed]
      .filter(([key]) => answeredThen.has(key) && !answered.has(key))
      .map(([, v]) => `${v.meter} ${jst(v.endMs)}`);
    if (answeredThen.size === 0)
      return verdicts.inconclusive(
        `none of the ${fed.size} values delivered was answered: nothing kept to judge`,
      );
    verdicts.check(
      gone.length === 0,
      `NG/A-ROUTE-RETENTION: 30-minute values kept ${p.retentionYears} years`,
      `all ${answeredThen.size} values answered after the day answered again at ${jst(askedAt)}`,
      `${gone.length} gone: ${someOf(gone)}`,
      [],
      'NG/A-ROUTE-RETENTION',
    );
  },
);
