// The conformance() helper: one call = one test case. It checks the case's metadata, becomes a Playwright
// test with its id, specRef and severity as tags and annotations, applies the profile gate (NA with the
// reason), and turns how the body ended into a verdict: PASS; FAIL or INCONC raised by the checks; the
// case's silence verdict for a device that does not answer; FAIL for a malformed reply; ERROR for a fault
// of the harness. The verdict and its reason are annotations the reporters and the run record read.
import type { TestInfo } from '@playwright/test';
import type { Clock } from '../clock/clock.ts';
import type { Profile } from '../profile/profile.ts';
import { runProfile } from '../profile/run-profile.ts';
import { appliesTo, areaOf, type CaseMeta, checkCaseMeta, realTimeOf } from './case-meta.ts';
import { clauses } from './clauses.ts';
import { DeviceGone, silentReason } from './device-silence.ts';
import { DeviceSilent, MalformedReply } from './dut-client.ts';
import { type ConformanceFixtures, test } from './fixtures.ts';
import { isLinkError } from './link-failure.ts';
import { plainText } from './plain-text.ts';
import { type Verdict, VerdictError, worse } from './verdict.ts';
import type { VerdictLog } from './verdict-log.ts';

export type CaseBody = (fixtures: ConformanceFixtures) => Promise<void>;

/** Set to 1 by the suite validity run: a case's verdict other than PASS is an annotation, not a test failure. */
export const VERDICTS_AS_ANNOTATIONS_ENV = 'SMCERT_VERDICTS_AS_ANNOTATIONS';

/** Raised by a case that finds out at run time that it does not apply (an optional EPC not served, …). */
export class NotApplicable extends Error {
  override readonly name = 'NotApplicable';
}

export function conformance(meta: CaseMeta, body: CaseBody): void {
  const { tag, annotation } = caseLabels(meta);
  // an anonymous group (no title of its own) holding the case's gate: a case the profile's gate leaves
  // out is NA before the fixtures of its body are set up, so it opens no link to the device (a Wi-SUN
  // join, a device lock) only to be skipped; its transcript is kept, empty, as every case's is
  test.describe(() => {
    test.beforeEach(naGate(meta));
    declareCase(meta, tag, annotation, body);
  });
}

/** Checks the case's metadata; its Playwright tags and annotations (id, area, catches, specRef, severity). */
export function caseLabels(meta: CaseMeta): {
  tag: string[];
  annotation: { type: string; description: string }[];
} {
  checkCaseMeta(meta);
  const clause = clauses().get(meta.specRef)!;
  const tag = [`@${meta.id}`, `@area-${areaOf(meta.id)}`, ...meta.catches.map((f) => `@catches-${f}`)];
  const annotation = [
    { type: 'id', description: meta.id },
    ...listingAnnotations(meta),
    ...(meta.noFaultBecause ? [{ type: 'noFaultBecause', description: meta.noFaultBecause }] : []),
    { type: 'specRef', description: `${meta.specRef} — ${clause.reference}: ${clause.title}` },
    { type: 'severity', description: meta.severity },
  ];
  return { tag, annotation };
}

/** The beforeEach hook of a case's group: NA, with the reason, when the profile's gate leaves it out. */
export function naGate(meta: CaseMeta) {
  return async ({ profile, transcript }: { profile: Profile; transcript: unknown }, testInfo: TestInfo) => {
    void transcript;
    const gate = appliesTo(meta, profile);
    if (gate === true) return;
    testInfo.annotations.push({ type: 'verdict', description: 'NA' }, { type: 'reason', description: gate });
    test.skip(true, `NA: ${gate}`);
  };
}

function declareCase(
  meta: CaseMeta,
  tag: string[],
  annotation: { type: string; description: string }[],
  body: CaseBody,
): void {
  test(
    `${meta.id} ${meta.title}`,
    { tag, annotation },
    async ({ profile, clock, transcript, dut, verdicts, wisun }, testInfo) => {
      // on the wall clock: the case's declared time from when it holds the device, plus a minute
      if (profile.target.type === 'real')
        testInfo.setTimeout(dut.lockWaitedMs + realTimeOf(meta, profile) + 60_000);
      await judgeCase(meta, testInfo, { clock, verdicts, heardAnything: () => dut.heardAnything() }, () => {
        // a device silent past the run's limit: the remaining cases end at once
        const gone = dut.silentSince();
        if (gone !== undefined) throw new DeviceGone(silentReason(gone, dut.options.silence!.limitMs));
        return body({ profile, clock, transcript, dut, verdicts, wisun });
      });
    },
  );
}

/**
 * Runs a case's body and records how it ended as its verdict (annotations the reporters and the run
 * record read): PASS, NA raised at run time, the verdict of a VerdictError, the silence verdict, FAIL of a
 * failed expect(), ERROR for the harness; merged with the verdicts noted on the way. Outside the suite
 * validity run a verdict other than PASS fails the Playwright test, naming the rules found broken.
 */
export async function judgeCase(
  meta: CaseMeta,
  testInfo: TestInfo,
  seen: { readonly clock: Clock; readonly verdicts: VerdictLog; readonly heardAnything: () => boolean },
  run: () => Promise<void>,
): Promise<void> {
  const { clock, verdicts } = seen;
  const record = (verdict: Verdict, reason?: string) => {
    testInfo.annotations.push({ type: 'verdict', description: verdict });
    if (reason) testInfo.annotations.push({ type: 'reason', description: reason });
  };
  let outcome: { verdict: Verdict; reason: string; clauses?: string[] } | undefined;
  const started = clock.now();
  try {
    await run();
  } catch (error) {
    if (error instanceof NotApplicable) {
      record('NA', error.message);
      test.skip(true, `NA: ${error.message}`);
      return;
    }
    outcome = classify(error, meta, seen.heardAnything());
    if (outcome.verdict === 'FAIL')
      outcome.clauses = [(error instanceof VerdictError && error.clause) || meta.specRef];
  }
  testInfo.annotations.push({ type: 'clockMs', description: String(clock.now() - started) });
  // verdicts noted on the way merge with how the body ended: a verdict only gets worse
  if (verdicts.verdict !== 'PASS') {
    const noted = { verdict: verdicts.verdict, reason: verdicts.reason() };
    outcome = !outcome
      ? noted
      : {
          ...outcome,
          verdict: worse(outcome.verdict, noted.verdict),
          reason: `${outcome.reason}; ${noted.reason}`,
        };
  }
  if (!outcome) return record('PASS');
  outcome = { ...outcome, reason: plainText(outcome.reason) };
  record(outcome.verdict, outcome.reason);
  // the rules found broken, by clause-registry id (the suite validity test reads them)
  const broken = new Set([
    ...(outcome.clauses ?? []),
    ...verdicts.noted.filter((n) => n.verdict === 'FAIL').map((n) => n.clause ?? meta.specRef),
  ]);
  if (broken.size) testInfo.annotations.push({ type: 'rule', description: [...broken].join(' ') });
  // the suite validity run reads the verdict from the annotations: a case that ends normally costs no
  // worker restart, which a failed test does (harness/conformance/validity-reporter.ts)
  if (process.env[VERDICTS_AS_ANNOTATIONS_ENV] === '1') return;
  // the message names the rules found broken (the case's specRef when it is another verdict)
  throw new Error(
    `${outcome.verdict} [${broken.size ? [...broken].join(', ') : meta.specRef}] ${outcome.reason}`,
  );
}

/** What a case saw, for the record and the certificate beside its verdict (e.g. how many cycles). */
export function observe(text: string): void {
  test.info().annotations.push({ type: 'observed', description: text });
}

/**
 * What the run reads from `--list` for the profile of the run, when one is set (harness/cli/case-list.ts):
 * the case's wall time, and why it is NA for that profile.
 */
function listingAnnotations(meta: CaseMeta): { type: string; description: string }[] {
  const profile = listingProfile();
  const tag = (ms: number) => [{ type: 'realTimeMs', description: String(ms) }];
  if (!profile) return typeof meta.realTimeMs === 'number' ? tag(meta.realTimeMs) : [];
  const gate = appliesTo(meta, profile);
  // a case the profile's gate leaves out (NA) takes no time
  return gate === true ? tag(realTimeOf(meta, profile)) : [...tag(0), { type: 'na', description: gate }];
}

function listingProfile(): Profile | undefined {
  try {
    return runProfile();
  } catch {
    return undefined; // a broken profile is reported by the fixtures, with its file and fields
  }
}

function classify(
  error: unknown,
  meta: CaseMeta,
  heardAnything: boolean,
): { verdict: Verdict; reason: string } {
  if (error instanceof VerdictError)
    return { verdict: error.verdict, reason: error.message.slice(error.verdict.length + 2) };
  if (error instanceof DeviceGone) return { verdict: 'INCONC', reason: error.message };
  if (error instanceof DeviceSilent) {
    // a device never heard in this run may not be there at all: no late answer can be blamed on it
    const verdict = heardAnything ? (meta.onSilence ?? 'INCONC') : 'INCONC';
    const why =
      verdict === 'FAIL'
        ? 'answering in time is the rule under test'
        : heardAnything
          ? 'the case could not observe the behaviour'
          : 'nothing at all has come from the device in this run (is it at that address?)';
    return { verdict, reason: `${error.message}; ${why}` };
  }
  if (error instanceof MalformedReply) return { verdict: 'FAIL', reason: error.message };
  if (isLinkError(error))
    return {
      verdict: 'INCONC',
      reason: `${error.message}; the link to the device failed, so the case could not observe it`,
    };
  if (isAssertion(error)) return { verdict: 'FAIL', reason: (error as Error).message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { verdict: 'ERROR', reason: `harness error, not the device's: ${e.stack ?? e.message}` };
}

/** A failed expect() from @playwright/test: a check on the device, so a FAIL. */
function isAssertion(error: unknown): boolean {
  return error instanceof Error && 'matcherResult' in error;
}
