// The cases of the suite as Playwright lists them (`playwright test --list --reporter=json` over the
// conformance project) for a run's profile: each with its title, tags, the wall time its `realTimeMs`
// annotation declares against a real device, and the reason it is NA for that profile. Listed once per
// run; which of them run is harness/profile/selection.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEW_REQUESTS_MS } from '../conformance/case-meta.ts';
import { type RunProfile, writeResolvedProfile } from '../profile/run-profile.ts';
import type { ListedCase } from '../profile/selection.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');
/** What a case takes on the wall clock when its annotation is missing (harness/conformance/case-meta.ts). */
export const DEFAULT_REAL_TIME_MS = FEW_REQUESTS_MS;

/** The listing was stopped by a signal (a Ctrl-C reaches it with smcert): nothing has run yet. */
export class ListingStopped extends Error {
  override readonly name = 'ListingStopped';
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal} before any case ran; the run directory is as it was`);
  }
}

interface JsonSuite {
  /** A file's suite: its spec file, relative to the repository (suites/…). */
  readonly file?: string;
  readonly suites?: JsonSuite[];
  readonly specs?: {
    readonly title: string;
    readonly tags?: readonly string[];
    readonly tests: { readonly annotations: { type: string; description?: string }[] }[];
  }[];
}

/**
 * The listing a lot made once for all its units (SMCERT_CASE_LIST, written by smcert lot from the template
 * profile, which its units' profiles differ from only in serial, address and fault switches); else none.
 */
export const CASE_LIST_ENV = 'SMCERT_CASE_LIST';

/** Every case of the conformance project, in file order, as it applies to `profile`. */
export function listCases(profile: RunProfile): ListedCase[] {
  const given = process.env[CASE_LIST_ENV];
  if (given) return JSON.parse(readFileSync(given, 'utf8')) as ListedCase[];
  const dir = mkdtempSync(join(tmpdir(), 'smcert-list-'));
  const file = join(dir, 'list.json');
  try {
    const profileEnv = writeResolvedProfile(join(dir, 'profile.resolved.json'), profile);
    const list = spawnSync(
      process.execPath,
      [
        CLI,
        'test',
        '--project=conformance',
        '--list',
        '--reporter=json',
        '--config',
        `${ROOT}playwright.config.ts`,
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...profileEnv,
          SMCERT_OUT: '',
          PLAYWRIGHT_JSON_OUTPUT_FILE: file,
        },
        encoding: 'utf8',
      },
    );
    if (list.signal) throw new ListingStopped(list.signal);
    let report: { suites: JsonSuite[]; errors?: { message?: string }[] };
    try {
      report = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new Error(`the suites cannot be listed (exit ${list.status}):\n${list.stderr}${list.stdout}`);
    }
    const errors = report.errors ?? [];
    if (errors.length)
      throw new Error(`the suites cannot be listed:\n${errors.map((e) => e.message ?? '').join('\n')}`);
    const out: ListedCase[] = [];
    const walk = (suite: JsonSuite, file: string | undefined) => {
      for (const spec of suite.specs ?? []) {
        const annotations = spec.tests.flatMap((t) => t.annotations);
        const note = (type: string) => annotations.find((a) => a.type === type)?.description;
        const declared = note('realTimeMs') === undefined ? Number.NaN : Number(note('realTimeMs'));
        const id = note('id') ?? spec.title.split(' ')[0] ?? spec.title;
        const na = note('na');
        out.push({
          id,
          title: spec.title.slice(id.length + 1),
          tags: (spec.tags ?? []).map((t) => `@${t}`),
          // 0: the case is NA for the run's profile
          realTimeMs: Number.isFinite(declared) && declared >= 0 ? declared : DEFAULT_REAL_TIME_MS,
          ...(na ? { na } : {}),
          ...(file ? { file } : {}),
        });
      }
      for (const inner of suite.suites ?? []) walk(inner, file);
    };
    for (const suite of report.suites) walk(suite, suite.file);
    return out.filter((c, i) => out.findIndex((o) => o.id === c.id) === i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
