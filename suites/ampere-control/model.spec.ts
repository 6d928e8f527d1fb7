// Random sequences of set, reserve, cancel and the passing of time, sent through the head-end and checked
// after each against a model of the rules (limiter-commands.ts): the contract-level twin of the limiter's
// own model test (harness/devices/lv-meter/current-limiter.test.ts). Each run commands a meter of its own,
// so the runs do not see each other's reservations. On the virtual clock only: hours of wall time
// otherwise, and AC-RSV-001 and AC-CNL-001 hold a real head-end to the same rules.
import fc from 'fast-check';
import { ampereNotForDevice, takenSteps } from '../../harness/conformance/ampere-watch.ts';
import { headEndConformance } from '../../harness/conformance/head-end-conformance.ts';
import { checkProperty, commandsReplayPath } from '../../harness/conformance/property-case.ts';
import {
  Cancel,
  type LimiterModel,
  type LimiterUnderTest,
  Pass,
  Reserve,
  SetLimit,
} from './limiter-commands.ts';

headEndConformance(
  {
    id: 'AC-PBT-001',
    title:
      'random sequences of set, reserve, cancel and time leave the limit and reservations as the rules make them',
    specRef: 'NG/AMPERE-RESERVATION',
    severity: 'major',
    notForDevice: ampereNotForDevice,
    appliesToHeadEnd: (p) =>
      p.target.type === 'emulated'
        ? true
        : 'random sequences of reservations take hours of a real head-end’s wall clock: AC-RSV-001 and AC-CNL-001 hold it to the same rules',
    catches: ['he-reservation-early', 'he-cancelled-reservation-executed'],
    realTimeMs: 60_000,
  },
  async ({ headEndProfile, clock, headEnd }) => {
    const a = headEndProfile.parameters.ampere;
    const taken = takenSteps(a);
    const limits = fc.constantFrom(...a.stepsA, a.maxA + 1, taken[0]! + 1);
    const commands = fc.commands(
      [
        limits.map((l) => new SetLimit(l)),
        fc
          .tuple(fc.integer({ min: 1, max: 7200 }), fc.constantFrom(...taken))
          .map(([s, l]) => new Reserve(s, l)),
        fc.nat(7).map((k) => new Cancel(k)),
        fc.integer({ min: 1, max: 5400 }).map((s) => new Pass(s)),
      ],
      {
        maxCommands: 16,
        ...(commandsReplayPath() !== undefined ? { replayPath: commandsReplayPath()! } : {}),
      },
    );
    let run = 0;
    await checkProperty(
      fc.asyncProperty(commands, async (cmds) => {
        run++;
        const real: LimiterUnderTest = { headEnd: headEnd.client, clock, a, meter: `${a.meter}-PBT-${run}` };
        const model: LimiterModel = { limitA: a.initialLimitA, pending: [] };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      }),
      { numRuns: 60, seed: 1688 },
    );
  },
);
