// hemsConformance(): one HEMS controller case (suites/hems/), as conformance() is one meter case: the same
// metadata checks, tags and annotations, the same NA gate before any fixture of its body is set up, the
// same verdicts (conformance.ts judgeCase). Its body gets the `bench` (hems-bench.ts: the harness's
// meter and the wire) instead of a dut client: the controller is the device under test, and is judged
// from the frames it sends only.
import type { Clock } from '../clock/clock.ts';
import type { Profile } from '../profile/profile.ts';
import { type CaseMeta, realTimeOf } from './case-meta.ts';
import { caseLabels, judgeCase, naGate } from './conformance.ts';
import type { HemsBench } from './hems-bench.ts';
import { controllerStartMs, hemsTest } from './hems-fixtures.ts';
import type { WisunBench } from './hems-wisun-bench.ts';
import type { Transcript } from './transcript.ts';
import type { VerdictLog } from './verdict-log.ts';

export interface HemsCaseFixtures {
  readonly profile: Profile;
  readonly clock: Clock;
  readonly transcript: Transcript;
  readonly verdicts: VerdictLog;
  readonly bench: HemsBench;
  /** Over Wi-SUN: the bench's module, its knobs and the serial line (hems-wisun-bench.ts); else undefined. */
  readonly wisunBench: WisunBench | undefined;
}

export type HemsCaseBody = (fixtures: HemsCaseFixtures) => Promise<void>;

export function hemsConformance(meta: CaseMeta, body: HemsCaseBody): void {
  const { tag, annotation } = caseLabels(meta);
  hemsTest.describe(() => {
    hemsTest.beforeEach(naGate(meta));
    hemsTest(
      `${meta.id} ${meta.title}`,
      { tag, annotation },
      async ({ profile, clock, transcript, verdicts, bench, wisunBench, benchLockWaitedMs }, testInfo) => {
        // on the wall clock: the case's declared time from when it holds the controller, its start, a minute
        if (profile.target.type === 'real')
          testInfo.setTimeout(
            benchLockWaitedMs.ms + controllerStartMs(profile) + realTimeOf(meta, profile) + 60_000,
          );
        const heard = () => bench.fromController().length > 0;
        await judgeCase(meta, testInfo, { clock, verdicts, heardAnything: heard }, () =>
          body({ profile, clock, transcript, verdicts, bench, wisunBench }),
        );
      },
    );
  });
}
