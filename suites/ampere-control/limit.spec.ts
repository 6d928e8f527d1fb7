// Remote ampere control, set at once (seed その他機能: 遠隔アンペア制御機能（予約機能付き）): through the
// head-end, the meter takes each of the utility's steps at or below the wiring's cap, and refuses one
// over the cap or off the steps, keeping its limit. Steps and cap are the profile's (/parameters/ampere).
import {
  ampereNotForDevice,
  amps,
  command,
  controlOf,
  readyMeter,
  takenSteps,
} from '../../harness/conformance/ampere-watch.ts';
import { observe } from '../../harness/conformance/conformance.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';

const CLAUSE = 'NG/AMPERE-CONTROL';

headEndConformance(
  {
    id: 'AC-SET-001',
    title: 'the meter takes every step of the utility at or below the cap at once, and refuses the others',
    specRef: CLAUSE,
    severity: 'major',
    notForDevice: ampereNotForDevice,
    catches: ['he-limiter-over-cap'],
    realTimeMs: 3 * 60_000,
  },
  async ({ headEndProfile, clock, verdicts, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    await readyMeter(headEnd.client, clock, a);
    const taken = takenSteps(a);
    // off the steps: between two of them, and over the cap (the next step, or the cap + 1)
    const refused = [taken[0]! + 1, a.stepsA.find((s) => s > a.maxA) ?? a.maxA + 1];
    const seen: string[] = [];
    for (const limit of [...taken, ...refused]) {
      const before = (await headEnd.client.limiterState(a.meter)).limit.value;
      const reply = await command(
        headEnd.client,
        controlOf(a.meter, 'ampere-limit-set', { limit: amps(limit) }),
      );
      const after = (await headEnd.client.limiterState(a.meter)).limit.value;
      const takes = taken.includes(limit);
      seen.push(`${limit} A: ${reply.Result}${reply.Error ? ` (${reply.Error})` : ''}, then ${after} A`);
      verdicts.check(
        takes ? reply.Result === 'OK' && after === limit : reply.Result === 'FAILED' && after === before,
        takes
          ? `${CLAUSE}: a step at or below the cap (${a.maxA} A) is taken at once`
          : `${CLAUSE}: a limit off the steps (${a.stepsA.join('/')}) or over the cap (${a.maxA} A) is refused and the limit kept`,
        takes ? `OK, the limit ${limit} A` : `FAILED, the limit still ${before} A`,
        `${reply.Result}, the limit ${after} A`,
        [],
        CLAUSE,
      );
    }
    observe(`set in turn: ${seen.join('; ')}`);
    await readyMeter(headEnd.client, clock, a);
  },
);
