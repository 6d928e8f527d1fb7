// `smcert run --profile <file>`: runs the conformance suites against the device a profile describes
// (an emulated reference device, or a real one on the network), through Playwright Test, and writes the
// run record, the transcripts and Playwright's HTML report to the run directory.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReports } from '../../reports/build-reports.ts';
import { type CaseRecord, runPassed, tally } from '../../reports/run-record.ts';
import { readRunRecord } from '../../reports/run-record-io.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const RUN_USAGE = `smcert run --profile <file> [--out <dir>] [--grep <regex>] [--workers <n>]

Runs every conformance case that applies to the device of a profile and reports a verdict per case.
  --profile   device profile (profiles/reference-lv-meter.json: the embedded reference meter)
  --out       run directory (default out/run): run-record.json, certificate.html, junit.xml,
              allure-results/, transcripts/, html-report/, the signed manifest; and <dir>.zip
  --grep      only the cases whose id or title matches, e.g. --grep LV-BR-INF
  --workers   parallel workers (default: Playwright's, half the cores)
  --key       Ed25519 private key (PEM) that signs the evidence bundle; without it an ephemeral key

Exit codes: 0 every applicable case passed, 1 a case did not pass (FAIL, INCONC, ERROR), 2 usage or profile error.`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runRun(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'run',
    RUN_USAGE,
    args,
    {
      profile: { type: 'string' },
      out: { type: 'string', default: 'out/run' },
      grep: { type: 'string' },
      workers: { type: 'string' },
      key: { type: 'string' },
    },
    ['profile'],
  );
  if (typeof parsed === 'number') return parsed;
  const values = parsed as { profile: string; out: string; grep?: string; workers?: string; key?: string };
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers)) {
    console.error(`smcert run: --workers must be a positive integer, got '${values.workers}'`);
    return 2;
  }
  const profileFile = resolve(values.profile);
  try {
    loadProfile(profileFile);
  } catch (error) {
    if (error instanceof ProfileError) {
      console.error(`smcert run: the profile cannot be used:\n${error.message}`);
      return 2;
    }
    throw error;
  }
  const outDir = resolve(values.out);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const status = await playwright(
    [
      'test',
      '--project=conformance',
      ...(values.grep ? ['--grep', values.grep] : []),
      ...(values.workers ? ['--workers', values.workers] : []),
    ],
    { SMCERT_PROFILE: profileFile, SMCERT_OUT: outDir },
  );
  const recordFile = `${outDir}/run-record.json`;
  if (!existsSync(recordFile)) {
    console.error(`smcert run: the run ended (exit ${status}) before any case was recorded`);
    return 1;
  }
  const record = readRunRecord(recordFile);
  printSummary(record.cases);
  const reports = await buildReports(outDir, values.key ? { keyFile: values.key } : {});
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
  if (record.cases.length === 0) {
    console.error('smcert run: no case ran (check --grep)');
    return 1;
  }
  return runPassed(record.cases) ? 0 : 1;
}

function printSummary(cases: readonly CaseRecord[]): void {
  const areas = [...new Set(cases.map((c) => c.area))].sort();
  console.log('\narea              PASS  FAIL  INCONC  ERROR  NA');
  for (const area of areas) {
    const t = tally(cases.filter((c) => c.area === area));
    console.log(
      `${area.padEnd(16)} ${pad(t.PASS, 5)} ${pad(t.FAIL, 5)} ${pad(t.INCONC, 7)} ${pad(t.ERROR, 6)} ${pad(t.NA, 3)}`,
    );
  }
  const t = tally(cases);
  console.log(
    `${'all'.padEnd(16)} ${pad(t.PASS, 5)} ${pad(t.FAIL, 5)} ${pad(t.INCONC, 7)} ${pad(t.ERROR, 6)} ${pad(t.NA, 3)}`,
  );
  const bad = cases.filter((c) => c.verdict === 'FAIL' || c.verdict === 'INCONC' || c.verdict === 'ERROR');
  if (bad.length > 0) {
    console.log('\nnot passed:');
    for (const c of bad)
      console.log(`  ${c.verdict.padEnd(6)} ${c.id} [${c.specRef}] ${c.reason?.split('\n')[0] ?? ''}`);
  }
}

const pad = (n: number, width: number) => String(n).padStart(width);

/** Runs the Playwright Test CLI of this repository with extra environment; resolves to its exit status. */
function playwright(args: string[], env: Record<string, string>): Promise<number> {
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const child = spawn(process.execPath, [cli, ...args, '--config', `${ROOT}playwright.config.ts`], {
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
