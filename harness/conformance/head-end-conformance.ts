// headEndConformance(): one head-end case (suites/a-route/), as conformance() is one meter case: the same
// metadata checks, tags and annotations, an NA gate before its body's fixtures are set up, the same
// verdicts (conformance.ts judgeCase). Its body gets the head-end under test behind the contract
// (head-end-fixtures.ts) instead of a dut client. A head-end that answers off the contract FAILs that
// rule (SMCERT/A-ROUTE-CONTRACT); one that does not answer leaves the case INCONC.
import type { HeadEndProfile } from '../a-route/head-end-profile.ts';
import { HeadEndOffContract, HeadEndUnreachable } from '../a-route/http-head-end.ts';
import { loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { runProfile } from '../profile/run-profile.ts';
import { appliesTo, type CaseMeta } from './case-meta.ts';
import { caseLabels, judgeCase } from './conformance.ts';
import { type HeadEndCaseFixtures, headEndTest } from './head-end-fixtures.ts';
import { VerdictError } from './verdict.ts';

export interface HeadEndCaseMeta extends Omit<CaseMeta, 'applies' | 'realTimeMs'> {
  /** true when the case applies to the head-end, else the reason it does not (NA). */
  readonly appliesToHeadEnd?: (profile: HeadEndProfile) => true | string;
  /** A device profile's run: why the case is NA for it (default: it is not a head-end). */
  readonly notForDevice?: (profile: Profile) => string;
  /** Wall time against a real head-end. */
  readonly realTimeMs: number | ((profile: HeadEndProfile) => number);
}

export type HeadEndCaseBody = (fixtures: HeadEndCaseFixtures) => Promise<void>;

/** The clause of the contract itself: every answer on the binding's schemas. */
const CONTRACT = 'SMCERT/A-ROUTE-CONTRACT';

export function headEndConformance(meta: HeadEndCaseMeta, body: HeadEndCaseBody): void {
  const deviceMeta: CaseMeta = {
    ...meta,
    // a device profile's run: the head-end cases have no head-end to ask
    applies: (p) =>
      meta.notForDevice?.(p) ?? `a ${p.kind} is not a head-end: the A-route cases run on a head-end profile`,
    realTimeMs: typeof meta.realTimeMs === 'number' ? meta.realTimeMs : 60_000,
  };
  const { tag, annotation } = caseLabels(deviceMeta);
  headEndTest.describe(() => {
    headEndTest.beforeEach(async ({ runHeadEnd, profileFile }, testInfo) => {
      // a device's run: NA, for the reason its kind gives (appliesTo: a comms unit's, a controller's, …)
      const device = runHeadEnd ? undefined : profileFile ? loadProfile(profileFile).profile : runProfile();
      const gate = runHeadEnd
        ? (meta.appliesToHeadEnd?.(runHeadEnd) ?? true)
        : device
          ? appliesTo(deviceMeta, device)
          : 'the run is against a device, not a head-end: the A-route cases run on a head-end profile';
      if (gate === true) return;
      testInfo.annotations.push(
        { type: 'verdict', description: 'NA' },
        { type: 'reason', description: gate },
      );
      headEndTest.skip(true, `NA: ${gate}`);
    });
    headEndTest(
      `${meta.id} ${meta.title}`,
      { tag, annotation },
      async ({ runHeadEnd, clock, verdicts, headEnd }, testInfo) => {
        const profile = runHeadEnd!;
        if (profile.target.type === 'real')
          testInfo.setTimeout(
            (typeof meta.realTimeMs === 'number' ? meta.realTimeMs : meta.realTimeMs(profile)) + 60_000,
          );
        await judgeCase(
          deviceMeta,
          testInfo,
          { clock, verdicts, heardAnything: () => headEnd.client.answered > 0 },
          async () => {
            try {
              await body({ headEndProfile: profile, clock, verdicts, headEnd });
            } catch (error) {
              if (error instanceof HeadEndOffContract)
                throw new VerdictError('FAIL', `${CONTRACT}: ${error.message}`, [], CONTRACT);
              if (error instanceof HeadEndUnreachable)
                throw new VerdictError('INCONC', `${error.message}; the case could not observe the head-end`);
              throw error;
            }
          },
        );
      },
    );
  });
}
