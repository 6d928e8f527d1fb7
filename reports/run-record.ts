// The run record: what a run tested, against what, and every verdict with its reason and evidence. Written
// by reports/run-reporter.ts after every finished case, so an interrupted run keeps what it did.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Severity } from '../harness/conformance/case-meta.ts';
import type { Verdict } from '../harness/conformance/verdict.ts';
import type { RunProfile } from '../harness/profile/run-profile.ts';

export interface CaseRecord {
  readonly id: string;
  readonly title: string;
  readonly specRef: string;
  readonly severity: Severity;
  readonly area: string;
  readonly verdict: Verdict;
  /** Why, for every verdict other than PASS. */
  readonly reason?: string;
  readonly durationMs: number;
  /** Wall-clock start, ISO 8601 (the run's timeline). */
  readonly startedAt?: string;
  /** Document, version and clause of specRef, for people. */
  readonly reference?: string;
  /** Set when suites/errata.json marks the case as known to be wrong: the reason. */
  readonly erratum?: string;
  /** Time that passed on the run's clock (virtual for emulated targets): what a real device would take. */
  readonly clockMs?: number;
  /** Transcript file, relative to the run directory. */
  readonly transcript?: string;
  /** What the case saw beside its verdict (e.g. how many notification cycles), for the certificate. */
  readonly observed?: readonly string[];
  /** Quantities measured on the wire (harness/conformance/measure.ts), for the certificate's plots. */
  readonly measurements?: readonly Measurement[];
  /**
   * A property-based case that failed: fast-check's seed and path of the shrunk counterexample, and the
   * counterexample as fast-check prints it; `smcert replay` runs exactly that counterexample again.
   */
  readonly replay?: {
    readonly seed: number;
    readonly path: string;
    readonly counterexample?: string;
    /** fc.commands' replayPath of a model-based counterexample. */
    readonly replayPath?: string;
  };
}

export interface Measurement {
  /** e.g. `notification-latency` (MEASURED in harness/conformance/measure.ts). */
  readonly name: string;
  readonly unit: 'ms' | 'count';
  readonly values: readonly number[];
}

/** "2/3" as shard 2 of 3 (smcert run --shard, the reporter's SMCERT_SHARD); undefined if it is not 1 ≤ i ≤ n. */
export function parseShard(text: string): { index: number; total: number } | undefined {
  const m = /^([1-9]\d*)\/([1-9]\d*)$/.exec(text);
  if (!m || Number(m[1]) > Number(m[2])) return undefined;
  return { index: Number(m[1]), total: Number(m[2]) };
}

export interface MergedShard {
  /** "<index>/<total>" */
  readonly shard: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly environment: RunRecord['environment'];
  readonly cases: number;
}

export interface RunRecord {
  readonly format: 'smcert-run-record';
  readonly formatVersion: 1;
  readonly suite: {
    readonly name: string;
    readonly version: string;
    readonly commit: string;
    /** suiteDigest() (reports/run-record-io.ts): every file the runner could load, committed or not. */
    readonly digest?: string;
  };
  /** SHA-256 of the data files the verdicts depend on, by repository path. */
  readonly data: Record<string, string>;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpus: number;
    readonly playwright?: string;
  };
  /** sha256: of the profile file's bytes, as the run began (absent in records of older versions). */
  readonly profile: { readonly file: string; readonly sha256?: string; readonly content: RunProfile };
  readonly mode: 'run' | 'certify';
  readonly grep?: string;
  /** smcert run --shard: the cases of this record are those Playwright's sharding gave shard `index` of `total`. */
  readonly shard?: { readonly index: number; readonly total: number };
  /** smcert merge: the shard records this one was made of. */
  readonly mergedFrom?: readonly MergedShard[];
  /** Cases of the suite this run did not run, each with the reason. */
  notSelected: { readonly id: string; readonly reason: string }[];
  /** Cases selected for an interrupted run that got no verdict; `smcert run --resume` runs them. */
  /** Selected cases without a verdict; the one in flight when the run stopped keeps its transcript. */
  notReached?: { readonly id: string; readonly reason: string; readonly transcript?: string }[];
  readonly startedAt: string;
  finishedAt?: string;
  status: 'running' | 'finished' | 'interrupted';
  readonly cases: CaseRecord[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function suiteIdentity(): RunRecord['suite'] {
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { name: string; version: string };
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // not a git checkout (an unpacked release): the version alone identifies the suite
  }
  return { name: pkg.name, version: pkg.version, commit };
}

/** Counts per verdict. */
export function tally(cases: readonly Pick<CaseRecord, 'verdict'>[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { PASS: 0, FAIL: 0, INCONC: 0, NA: 0, ERROR: 0 };
  for (const c of cases) out[c.verdict]++;
  return out;
}

/** A run passes when at least one case applied and every applicable case passed. */
export function runPassed(cases: readonly CaseRecord[]): boolean {
  const t = tally(cases);
  return t.PASS > 0 && t.FAIL + t.INCONC + t.ERROR === 0;
}
