// Playwright reporter of `smcert run` and `smcert certify`: prints one progress line per finished case and
// keeps the run record (reports/run-record.ts, schema-checked) and the transcripts in the run directory up
// to date after every case, so that an interrupted run leaves a valid record of every verdict it reached
// and `smcert run --resume` can add the rest. Secrets never reach a file. A record that cannot be written
// (a full disk) stops the run: smcert hears of it on the IPC channel it started this process with, and
// the end of that channel — smcert gone, even killed with SIGKILL — stops the run too. It is the one writer
// of the record: while the run goes on the record lists the selected cases without a verdict as not
// reached, so a record left by a run killed outright still says what is missing.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { ignoreClosedStdout } from '../harness/cli/closed-pipe.ts';
import { areaOf, type Severity } from '../harness/conformance/case-meta.ts';
import { clauses } from '../harness/conformance/clauses.ts';
import {
  ERRATA_FILE,
  ErrataError,
  type Erratum,
  loadErrata,
  unknownErrata,
} from '../harness/conformance/errata.ts';
import { OPERATOR_PREFIX } from '../harness/conformance/operator.ts';
import { plainText } from '../harness/conformance/plain-text.ts';
import type { TranscriptEntry } from '../harness/conformance/transcript.ts';
import type { Verdict } from '../harness/conformance/verdict.ts';
import { loadProfile } from '../harness/profile/load-profile.ts';
import { redactProfile, redactText } from '../harness/profile/redact.ts';
import { type RunProfile, runHeadEndProfile, runProfile } from '../harness/profile/run-profile.ts';
import { transcriptPcapng } from './pcapng.ts';
import {
  type CaseRecord,
  type Measurement,
  parseShard,
  type RunRecord,
  suiteIdentity,
  tally,
} from './run-record.ts';
import {
  dataDigests,
  environment,
  profileDigest,
  readRunRecord,
  suiteDigest,
  writeRunRecord,
} from './run-record-io.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The reason of a selected case that got no verdict (yet, while the run goes on). */
export const NOT_REACHED = 'not reached: run interrupted';

export interface RunReporterOptions {
  readonly outDir: string;
  /** The profile as the user gave it (named in the record with its SHA-256); the run reads it resolved. */
  readonly profileFile: string;
  readonly mode?: 'run' | 'certify';
  readonly grep?: string;
  /** Keep the cases of the record already in outDir and add to them (smcert run --resume). */
  readonly resume?: boolean;
  /** The cases of the suite the selection left out, with why (harness/profile/selection.ts), as JSON. */
  readonly notSelected?: string;
  /** smcert run --shard: "<index>/<total>". */
  readonly shard?: string;
}

export default class RunReporter implements Reporter {
  private readonly record: RunRecord;
  private readonly profile: RunProfile;
  private readonly errataFile: string;
  private readonly errata: ReadonlyMap<string, Erratum>;
  private total = 0;
  private done = 0;
  private writeError: string | undefined;
  private stopping = false;

  constructor(private readonly options: RunReporterOptions) {
    ignoreClosedStdout();
    this.profile = runProfile() ?? runHeadEndProfile() ?? loadProfile(options.profileFile).profile;
    // a run may try another errata file (SMCERT_ERRATA); certification always uses the suite's own
    this.errataFile =
      options.mode !== 'certify' && process.env.SMCERT_ERRATA ? process.env.SMCERT_ERRATA : ERRATA_FILE;
    this.errata = errataOrExit(this.errataFile);
    const recordFile = join(options.outDir, 'run-record.json');
    this.record =
      options.resume && existsSync(recordFile)
        ? { ...readRunRecord(recordFile), status: 'running' }
        : {
            format: 'smcert-run-record',
            formatVersion: 1,
            suite: { ...suiteIdentity(), digest: suiteDigest() },
            data: dataDigests(),
            environment: environment(),
            profile: {
              file: shown(options.profileFile),
              sha256: profileDigest(options.profileFile),
              content: redactProfile(this.profile),
            },
            mode: options.mode ?? 'run',
            ...(options.grep ? { grep: options.grep } : {}),
            ...(options.shard ? { shard: parseShard(options.shard)! } : {}),
            startedAt: new Date().toISOString(),
            status: 'running',
            cases: [],
            notSelected: [],
          };
    this.record.notSelected = options.notSelected ? JSON.parse(options.notSelected) : [];
    mkdirSync(join(options.outDir, 'transcripts'), { recursive: true });
    if (process.send) {
      process.on('disconnect', () => this.stop('the smcert process that started this run is gone'));
      process.channel?.unref(); // the watch must not keep this process alive
    }
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: unknown, suite: Suite): void {
    this.total = suite.allTests().length;
    // every case of the suite is here unless a selection (--grep, --resume, --shard) left some out
    if (!this.options.grep && !this.options.resume && !this.options.shard) {
      const ids = suite.allTests().map((t) => t.annotations.find((a) => a.type === 'id')?.description ?? '');
      for (const line of unknownErrata(shown(this.errataFile), this.errata, ids))
        console.log(`smcert: erratum ignored: ${line}`);
    }
    const have = new Set(this.record.cases.map((c) => c.id));
    this.record.notReached = suite
      .allTests()
      .map((t) => caseId(t))
      .filter((id) => !have.has(id))
      .map((id) => ({ id, reason: NOT_REACHED }));
    const resumed = this.record.cases.length ? `, ${this.record.cases.length} already done` : '';
    console.log(
      `smcert: ${this.total} cases against ${this.options.profileFile} (${this.profile.kind}, ${this.profile.target.type})${resumed}`,
    );
    this.save();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const annotations = [...test.annotations, ...result.annotations];
    const note = (type: string) => annotations.filter((a) => a.type === type).at(-1)?.description;
    const id = caseId(test);
    // a case stopped by an interruption (or never started) has no verdict: --resume runs it again; what the
    // case in flight had observed is kept beside the record, named in its notReached entry
    if (!note('verdict') && (result.status === 'interrupted' || result.status === 'skipped')) {
      if (result.status !== 'interrupted') return;
      const kept = this.writeTranscripts(id, result);
      if (kept === false) return;
      const notReached = (this.record.notReached ?? []).filter((n) => n.id !== id);
      this.record.notReached = [
        ...notReached,
        {
          id,
          reason: `interrupted while running, after ${Math.round(result.duration / 1000)} s${kept ? `; what it observed: ${kept}` : ''}`,
          ...(kept ? { transcript: kept } : {}),
        },
      ];
      this.save();
      return;
    }
    const verdict = (note('verdict') as Verdict | undefined) ?? fallbackVerdict(result);
    const reason =
      note('reason') ?? (verdict === 'ERROR' ? plainText(result.error?.message ?? result.status) : undefined);
    const transcriptFile = this.writeTranscripts(id, result);
    if (transcriptFile === false) return;
    const observed = [
      ...new Set(annotations.filter((a) => a.type === 'observed').map((a) => a.description ?? '')),
    ]; // test and result annotations both hold them
    const measurements = measurementsOf(annotations);
    const specRef = (note('specRef') ?? '').split(' — ')[0] ?? '';
    const erratum = this.errata.get(id);
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
      ...(observed.length ? { observed } : {}),
      ...(measurements.length ? { measurements } : {}),
      ...replayOf(note('replay'), this.profile),
      ...(erratum ? { erratum: `${erratum.reason}${erratum.link ? ` (${erratum.link})` : ''}` } : {}),
    };
    const existing = this.record.cases.findIndex((c) => c.id === id);
    if (existing >= 0) this.record.cases[existing] = entry;
    else this.record.cases.push(entry);
    this.record.notReached = this.record.notReached?.filter((n) => n.id !== id);
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
    const missing = this.record.notReached ?? [];
    // every selected case has its verdict, or the run was stopped before some
    const finished = result.status !== 'interrupted' && missing.length === 0;
    this.record.status = finished ? 'finished' : 'interrupted';
    if (finished) delete this.record.notReached;
    else this.record.notReached = [...missing].sort(byId);
    this.record.finishedAt = new Date().toISOString();
    this.record.cases.sort(byId);
    this.save();
    const t = tally(this.record.cases);
    console.log(`smcert: ${t.PASS} PASS, ${t.FAIL} FAIL, ${t.INCONC} INCONC, ${t.ERROR} ERROR, ${t.NA} NA`);
  }

  /** Lines a case addresses to the operator (conformance.ts tellOperator) are shown as they come. */
  onStdErr(chunk: string | Buffer): void {
    for (const line of chunk.toString().split('\n'))
      if (line.startsWith(OPERATOR_PREFIX)) console.log(`>>> ${line.slice(OPERATOR_PREFIX.length)}`);
  }

  /**
   * Writes a case's transcript attachments (secrets redacted) and its capture (.pcapng); returns the text
   * transcript's path, undefined when the case has none, false when a file could not be written (the run
   * then stops).
   */
  private writeTranscripts(id: string, result: TestResult): string | undefined | false {
    let transcriptFile: string | undefined;
    for (const [name, extension] of [
      ['transcript', 'txt'],
      ['transcript.json', 'json'],
      ['serial', 'serial.txt'], // a Wi-SUN target's SKSTACK IP lines (harness/transport/skstack/serial-log.ts)
    ] as const) {
      const attachment = result.attachments.find((a) => a.name === name && a.body);
      if (!attachment?.body) continue;
      const file = `transcripts/${id}.${extension}`;
      const text = redactText(attachment.body.toString('utf8'), this.profile);
      // beside the JSON, the same frames as a capture for Wireshark and other tools (reports/pcapng.ts)
      const written: [string, string | Uint8Array][] = [[file, text]];
      if (extension === 'json') {
        const capture = captureOf(text);
        if (capture instanceof Uint8Array) written.push([`transcripts/${id}.pcapng`, capture]);
        else console.error(`smcert: ${id}: no transcripts/${id}.pcapng: ${capture}`);
      }
      for (const [name, body] of written) {
        try {
          writeFileSync(join(this.options.outDir, name), body);
        } catch (error) {
          // not recorded without its evidence: the record names it as not reached, --resume runs it again
          this.cannotWrite(join(this.options.outDir, name), error);
          return false;
        }
      }
      if (extension === 'txt') transcriptFile = file;
    }
    return transcriptFile;
  }

  private save(): void {
    const file = join(this.options.outDir, 'run-record.json');
    try {
      writeRunRecord(file, this.record);
    } catch (error) {
      rmSync(`${file}.tmp`, { force: true }); // a half-written copy; the record itself is the last whole one
      this.cannotWrite(file, error);
    }
  }

  /** A file of the run could not be written: say so, tell smcert, stop the run (once). */
  private cannotWrite(file: string, error: unknown): void {
    if (this.writeError) return;
    this.writeError = (error as Error).message;
    console.error(
      `smcert: cannot write the run record (${file}: ${this.writeError}); stopping the run. The record on disk keeps the verdicts written before.`,
    );
    if (process.connected) process.send?.({ smcert: 'record-not-written', error: this.writeError });
    this.stop('a file of the run cannot be written');
  }

  /** Stops the run as Ctrl-C would: Playwright's own interruption ends the running cases and calls onEnd. */
  private stop(why: string): void {
    if (this.stopping) return;
    this.stopping = true;
    console.error(`smcert: ${why}: stopping the run`);
    process.kill(process.pid, 'SIGINT');
    // a case that does not stop: go anyway (the workers end when their channel to this process closes)
    setTimeout(() => process.exit(130), 10_000).unref();
  }
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A case's stable id: its `id` annotation (harness/conformance/conformance.ts). */
function caseId(test: TestCase): string {
  return test.annotations.find((a) => a.type === 'id')?.description ?? test.title.split(' ')[0] ?? test.title;
}

/** The errata of the run; a malformed file stops it before any case, with its problems and no stack. */
function errataOrExit(file: string): ReadonlyMap<string, Erratum> {
  try {
    return loadErrata(file);
  } catch (error) {
    if (!(error instanceof ErrataError)) throw error;
    console.error(`smcert: the errata cannot be used:\n${error.message}`);
    process.exit(2);
  }
}

/** A file as the record and messages name it: relative to the repository when inside it. */
function shown(file: string): string {
  const inside = relative(ROOT, file);
  return inside.startsWith('..') ? file : inside;
}

/** The quantities a case measured (harness/conformance/measure.ts), once each (both annotation lists hold them). */
function measurementsOf(annotations: readonly { type: string; description?: string }[]): Measurement[] {
  const seen = [...new Set(annotations.filter((a) => a.type === 'measured').map((a) => a.description ?? ''))];
  return seen.map((text) => JSON.parse(text) as Measurement);
}

/** The seed and path of a failed property (harness/conformance/property-case.ts), for the case's entry. */
function replayOf(annotation: string | undefined, profile: RunProfile): Pick<CaseRecord, 'replay'> {
  if (!annotation) return {};
  const { seed, path, counterexample, replayPath } = JSON.parse(annotation) as NonNullable<
    CaseRecord['replay']
  >;
  return {
    replay: {
      seed,
      path,
      ...(counterexample ? { counterexample: redactText(counterexample, profile) } : {}),
      ...(replayPath !== undefined ? { replayPath } : {}),
    },
  };
}

/** The pcapng capture of a JSON transcript, or why there is none (an address that is no IP address). */
function captureOf(json: string): Uint8Array | string {
  try {
    return transcriptPcapng(JSON.parse(json) as TranscriptEntry[]);
  } catch (error) {
    if (error instanceof RangeError) return error.message;
    throw error;
  }
}

/** A case that ended without the helper's verdict (a timeout, a crashed worker): the harness's fault. */
function fallbackVerdict(result: TestResult): Verdict {
  return result.status === 'passed' ? 'PASS' : 'ERROR';
}
