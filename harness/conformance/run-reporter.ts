// Playwright reporter of `smcert run` and `smcert certify`: prints one progress line per finished case and
// keeps the run record (reports/run-record.ts, schema-checked) and the transcripts in the run directory up
// to date after every case, so that an interrupted run leaves a valid record of every verdict it reached
// and `smcert run --resume` can add the rest. Secrets never reach a file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { type CaseRecord, type RunRecord, suiteIdentity, tally } from '../../reports/run-record.ts';
import { dataDigests, environment, readRunRecord, writeRunRecord } from '../../reports/run-record-io.ts';
import { loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { redactProfile, redactText } from '../profile/redact.ts';
import { areaOf, type Severity } from './case-meta.ts';
import { clauses } from './clauses.ts';
import type { Verdict } from './verdict.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunReporterOptions {
  readonly outDir: string;
  readonly profileFile: string;
  readonly mode?: 'run' | 'certify';
  readonly grep?: string;
  /** Keep the cases of the record already in outDir and add to them (smcert run --resume). */
  readonly resume?: boolean;
}

interface Erratum {
  readonly reason: string;
  readonly link?: string;
}

export default class RunReporter implements Reporter {
  private readonly record: RunRecord;
  private readonly profile: Profile;
  private readonly errata: Record<string, Erratum>;
  private total = 0;
  private done = 0;

  constructor(private readonly options: RunReporterOptions) {
    this.profile = loadProfile(options.profileFile).profile;
    // a run may try another errata file (SMCERT_ERRATA); certification always uses the suite's own
    const errataFile =
      options.mode !== 'certify' && process.env.SMCERT_ERRATA
        ? process.env.SMCERT_ERRATA
        : `${ROOT}suites/errata.json`;
    this.errata = (
      JSON.parse(readFileSync(errataFile, 'utf8')) as { errata: Record<string, Erratum> }
    ).errata;
    const recordFile = join(options.outDir, 'run-record.json');
    const file = relative(ROOT, options.profileFile);
    this.record =
      options.resume && existsSync(recordFile)
        ? { ...readRunRecord(recordFile), status: 'running' }
        : {
            format: 'smcert-run-record',
            formatVersion: 1,
            suite: suiteIdentity(),
            data: dataDigests(),
            environment: environment(),
            profile: {
              file: file.startsWith('..') ? options.profileFile : file,
              content: redactProfile(this.profile),
            },
            mode: options.mode ?? 'run',
            ...(options.grep ? { grep: options.grep } : {}),
            startedAt: new Date().toISOString(),
            status: 'running',
            cases: [],
            notSelected: [],
          };
    mkdirSync(join(options.outDir, 'transcripts'), { recursive: true });
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.total = suite.allTests().length;
    const resumed = this.record.cases.length ? `, ${this.record.cases.length} already done` : '';
    console.log(
      `smcert: ${this.total} cases against ${this.options.profileFile} (${this.profile.kind}, ${this.profile.target.type})${resumed}`,
    );
    this.save();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...result.annotations];
    const note = (type: string) => annotations.filter((a) => a.type === type).at(-1)?.description;
    const id = note('id') ?? test.title.split(' ')[0] ?? test.title;
    // a case stopped by an interruption (or never started) has no verdict: --resume runs it again
    if (!note('verdict') && (result.status === 'interrupted' || result.status === 'skipped')) return;
    const verdict = (note('verdict') as Verdict | undefined) ?? fallbackVerdict(result);
    const reason =
      note('reason') ?? (verdict === 'ERROR' ? (result.error?.message ?? result.status) : undefined);
    let transcriptFile: string | undefined;
    for (const [name, extension] of [
      ['transcript', 'txt'],
      ['transcript.json', 'json'],
    ] as const) {
      const attachment = result.attachments.find((a) => a.name === name && a.body);
      if (!attachment?.body) continue;
      const file = `transcripts/${id}.${extension}`;
      writeFileSync(
        join(this.options.outDir, file),
        redactText(attachment.body.toString('utf8'), this.profile),
      );
      if (extension === 'txt') transcriptFile = file;
    }
    const specRef = (note('specRef') ?? '').split(' — ')[0] ?? '';
    const erratum = this.errata[id];
    const entry: CaseRecord = {
      id,
      title: test.title.slice(id.length + 1),
      specRef,
      ...(clauses().get(specRef) ? { reference: clauses().get(specRef)!.reference } : {}),
      severity: (note('severity') as Severity | undefined) ?? 'major',
      area: areaOf(id),
      verdict,
      ...(reason ? { reason: redactText(reason, this.profile) } : {}),
      durationMs: Math.round(result.duration),
      startedAt: result.startTime.toISOString(),
      ...(note('clockMs') ? { clockMs: Number(note('clockMs')) } : {}),
      ...(transcriptFile ? { transcript: transcriptFile } : {}),
      ...(erratum ? { erratum: `${erratum.reason}${erratum.link ? ` (${erratum.link})` : ''}` } : {}),
    };
    const existing = this.record.cases.findIndex((c) => c.id === id);
    if (existing >= 0) this.record.cases[existing] = entry;
    else this.record.cases.push(entry);
    this.done++;
    const width = String(this.total).length;
    const firstLine = entry.reason?.split('\n')[0] ?? '';
    const why =
      verdict === 'NA' ? ` — ${firstLine}` : entry.reason && verdict !== 'PASS' ? `\n      ${firstLine}` : '';
    console.log(
      `[${String(this.done).padStart(width)}/${this.total}] ${verdict.padEnd(6)} ${id} ${entry.title} (${entry.durationMs} ms)${why}`,
    );
    this.save();
  }

  onEnd(result: FullResult): void {
    this.record.status = result.status === 'interrupted' ? 'interrupted' : 'finished';
    this.record.finishedAt = new Date().toISOString();
    this.record.cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.save();
    const t = tally(this.record.cases);
    console.log(`smcert: ${t.PASS} PASS, ${t.FAIL} FAIL, ${t.INCONC} INCONC, ${t.ERROR} ERROR, ${t.NA} NA`);
  }

  private save(): void {
    writeRunRecord(join(this.options.outDir, 'run-record.json'), this.record);
  }
}

/** A case that ended without the helper's verdict (a timeout, a crashed worker): the harness's fault. */
function fallbackVerdict(result: TestResult): Verdict {
  return result.status === 'passed' ? 'PASS' : 'ERROR';
}
