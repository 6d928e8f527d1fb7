// One conformance run, shared by `smcert run` and `smcert certify`: Playwright Test over suites/ with the
// profile, the run reporter writing the record after every case, then the reports and the signed bundle.
// SIGINT stops the cases, keeps every verdict reached (status "interrupted") and still writes reports;
// `resume` runs only the cases the record lacks and adds them to it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReports } from '../../reports/build-reports.ts';
import { type CaseRecord, runPassed, tally } from '../../reports/run-record.ts';
import { readRunRecord, writeRunRecord } from '../../reports/run-record-io.ts';
import { clearRunDirectory } from './run-directory.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

export interface RunSettings {
  readonly command: 'run' | 'certify';
  readonly profileFile: string;
  readonly outDir: string;
  readonly grep?: string;
  readonly workers?: string;
  readonly keyFile?: string;
  /** Keep the record in outDir and run only the cases it lacks. */
  readonly resume?: boolean;
}

export async function executeRun(settings: RunSettings): Promise<number> {
  const { outDir } = settings;
  const recordFile = `${outDir}/run-record.json`;
  let skip: string[] = [];
  if (settings.resume) {
    skip = readRunRecord(recordFile).cases.map((c) => c.id);
    console.log(
      `smcert ${settings.command}: resuming ${relative(process.cwd(), outDir)}: ${skip.length} cases already have a verdict`,
    );
  } else {
    const refused = clearRunDirectory(outDir);
    if (refused) {
      console.error(`smcert ${settings.command}: ${refused}`);
      return 2;
    }
  }
  const selection = [
    ...(settings.grep ? ['--grep', settings.grep] : []),
    ...(skip.length ? ['--grep-invert', `@(${skip.join('|')})(?=\\s|$)`] : []),
  ];
  const status = await playwright(
    [
      'test',
      '--project=conformance',
      ...selection,
      ...(settings.workers ? ['--workers', settings.workers] : []),
    ],
    {
      SMCERT_PROFILE: settings.profileFile,
      SMCERT_OUT: outDir,
      SMCERT_MODE: settings.command,
      ...(settings.grep ? { SMCERT_GREP: settings.grep } : {}),
      ...(settings.resume ? { SMCERT_RESUME: '1' } : {}),
    },
  );
  if (!existsSync(recordFile)) {
    console.error(`smcert ${settings.command}: the run ended (exit ${status}) before any case was recorded`);
    return 1;
  }
  const record = readRunRecord(recordFile);
  if (settings.grep && !settings.resume) {
    const chosen = new Set(record.cases.map((c) => c.id));
    record.notSelected = listCaseIds(settings.profileFile)
      .filter((id) => !chosen.has(id))
      .map((id) => ({ id, reason: `not selected by --grep ${settings.grep}` }));
    writeRunRecord(recordFile, record);
  }
  printSummary(record.cases);
  const reports = await buildReports(outDir, settings.keyFile ? { keyFile: settings.keyFile } : {});
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  console.log(
    `\ncertificate: ${rel(reports.certificate)}${reports.pdf ? ` (PDF: ${rel(reports.pdf)})` : ''}`,
  );
  console.log(`run record:  ${rel(recordFile)}, transcripts in ${rel(`${outDir}/transcripts`)}/`);
  console.log(
    `JUnit XML:   ${rel(reports.junit)}; Allure results: ${rel(reports.allure)}/; Playwright report: ${rel(`${outDir}/html-report/index.html`)}`,
  );
  console.log(
    `bundle:      ${rel(outDir)}/ and ${rel(reports.bundle.zip)} (${reports.bundle.files} artefacts, Ed25519 key ${reports.bundle.keyId})`,
  );
  console.log(`verify with: npx smcert verify ${rel(reports.bundle.zip)}`);
  for (const note of reports.notes) console.log(`note: ${note}`);
  if (!reports.bundle.attributable) {
    console.log(
      'WARNING: signed with an ephemeral key: the bundle proves it is intact, not who made it; give --key lab.pem',
    );
  }
  if (record.status === 'interrupted') {
    console.error(
      `smcert ${settings.command}: interrupted; ${record.cases.length} verdicts kept. Continue with: npx smcert run --resume ${rel(outDir)}`,
    );
    return 130;
  }
  if (record.cases.length === 0) {
    console.error(`smcert ${settings.command}: no case ran (check --grep)`);
    return 1;
  }
  return runPassed(record.cases.filter((c) => !c.erratum)) ? 0 : 1;
}

/** Every case id of the suites, as Playwright lists them. */
function listCaseIds(profileFile: string): string[] {
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
      env: { ...process.env, SMCERT_PROFILE: profileFile, SMCERT_OUT: '' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return [...list.stdout.matchAll(/"title": "([A-Z]{2,4}(?:-[A-Z0-9]{2,6})+-\d{3}) /g)]
    .map((m) => m[1]!)
    .filter((id, i, all) => all.indexOf(id) === i);
}

function printSummary(cases: readonly CaseRecord[]): void {
  const row = (name: string, list: readonly CaseRecord[]) => {
    const t = tally(list);
    return `${name.padEnd(16)} ${pad(t.PASS, 5)} ${pad(t.FAIL, 5)} ${pad(t.INCONC, 7)} ${pad(t.ERROR, 6)} ${pad(t.NA, 3)}`;
  };
  console.log('\narea              PASS  FAIL  INCONC  ERROR  NA');
  for (const area of [...new Set(cases.map((c) => c.area))].sort())
    console.log(
      row(
        area,
        cases.filter((c) => c.area === area),
      ),
    );
  console.log(row('all', cases));
  const bad = cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'INCONC' || c.verdict === 'ERROR');
  if (bad.length > 0) {
    console.log('\nnot passed:');
    for (const c of bad)
      console.log(
        `  ${c.verdict.padEnd(6)} ${c.id} [${c.specRef}] ${c.reason?.split('\n')[0] ?? ''}${c.erratum ? ' (erratum: not counted)' : ''}`,
      );
  }
}

const pad = (n: number, width: number) => String(n).padStart(width);

/** Runs the Playwright Test CLI of this repository with extra environment; resolves to its exit status. */
function playwright(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [CLI, ...args, '--config', `${ROOT}playwright.config.ts`], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  const forward = () => child.kill('SIGINT');
  process.on('SIGINT', forward);
  return new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      resolvePromise(code ?? (signal ? 130 : 1));
    });
  });
}
