// Playwright reporter of `smcert run`: prints one progress line per finished case and keeps the run record
// (reports/run-record.ts) and the transcripts in the run directory up to date after every case, so that
// an interrupted run leaves a valid record of every verdict it reached. Secrets never reach a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { type CaseRecord, type RunRecord, suiteIdentity, tally } from '../../reports/run-record.ts';
import { loadProfile } from '../profile/load-profile.ts';
import type { Profile } from '../profile/profile.ts';
import { redactProfile, redactText } from '../profile/redact.ts';
import { areaOf, type Severity } from './case-meta.ts';
import type { Verdict } from './verdict.ts';

export interface RunReporterOptions {
  readonly outDir: string;
  readonly profileFile: string;
}

export default class RunReporter implements Reporter {
  private readonly record: RunRecord;
  private readonly profile: Profile;
  private total = 0;
  private done = 0;

  constructor(private readonly options: RunReporterOptions) {
    this.profile = loadProfile(options.profileFile).profile;
    this.record = {
      format: 'smcert-run-record',
      formatVersion: 1,
      suite: suiteIdentity(),
      profile: { file: options.profileFile, content: redactProfile(this.profile) },
      startedAt: new Date().toISOString(),
      status: 'running',
      cases: [],
    };
    mkdirSync(join(options.outDir, 'transcripts'), { recursive: true });
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.total = suite.allTests().length;
    console.log(
      `smcert: ${this.total} cases against ${this.options.profileFile} (${this.profile.kind}, ${this.profile.target.type})`,
    );
    this.save();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...result.annotations];
    const note = (type: string) => annotations.filter((a) => a.type === type).at(-1)?.description;
    const id = note('id') ?? test.title;
    const verdict = (note('verdict') as Verdict | undefined) ?? fallbackVerdict(result);
    const reason =
      note('reason') ?? (verdict === 'ERROR' ? (result.error?.message ?? result.status) : undefined);
    const transcript = result.attachments.find((a) => a.name === 'transcript' && a.body);
    let transcriptFile: string | undefined;
    if (transcript?.body) {
      transcriptFile = `transcripts/${id}.txt`;
      writeFileSync(
        join(this.options.outDir, transcriptFile),
        redactText(transcript.body.toString('utf8'), this.profile),
      );
    }
    const entry: CaseRecord = {
      id,
      title: test.title.slice(id.length + 1),
      specRef: (note('specRef') ?? '').split(' — ')[0] ?? '',
      severity: (note('severity') as Severity | undefined) ?? 'major',
      area: areaOf(id),
      verdict,
      ...(reason ? { reason: redactText(reason, this.profile) } : {}),
      durationMs: Math.round(result.duration),
      ...(note('clockMs') ? { clockMs: Number(note('clockMs')) } : {}),
      ...(transcriptFile ? { transcript: transcriptFile } : {}),
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
    this.save();
    const t = tally(this.record.cases);
    console.log(`smcert: ${t.PASS} PASS, ${t.FAIL} FAIL, ${t.INCONC} INCONC, ${t.ERROR} ERROR, ${t.NA} NA`);
  }

  /** Written whole to a temporary file and renamed: a reader never sees half a record. */
  private save(): void {
    const file = join(this.options.outDir, 'run-record.json');
    writeFileSync(`${file}.tmp`, `${JSON.stringify(this.record, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }
}

/** A case that ended without the helper's verdict (a timeout, an interrupted worker): the harness's fault. */
function fallbackVerdict(result: TestResult): Verdict {
  if (result.status === 'skipped') return 'NA';
  if (result.status === 'passed') return 'PASS';
  return 'ERROR';
}
