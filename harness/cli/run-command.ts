// `smcert run --profile <file>`: runs the conformance suites against the device a profile describes (an
// emulated reference device, or a real one on the network) and writes the record, the reports and the
// signed bundle to the run directory; `smcert run --resume <dir>` completes an interrupted run.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseShard } from '../../reports/run-record.ts';
import { RunRecordError, readRunRecord } from '../../reports/run-record-io.ts';
import { isHeadEndProfile, loadHeadEndProfile } from '../a-route/head-end-profile.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { ProfileError } from '../profile/profile-error.ts';
import type { RunProfile } from '../profile/run-profile.ts';
import { executeRun } from './conformance-run.ts';
import { parseCommandArgs } from './parse-command-args.ts';
import { resumeProblems } from './resume-check.ts';

export const RUN_USAGE = `smcert run --profile <file> [--out <dir>] [--grep <regex>] [--workers <n>] [--shard <i>/<n>] [--key <pem>] [--allow-long] [--no-pdf]
smcert run --resume <dir> [--workers <n>] [--key <pem>] [--allow-long]

Runs every conformance case that applies to the device of a profile and reports a verdict per case.
  --profile   device profile (profiles/reference-lv-meter.json: the embedded reference meter), or a
              head-end profile (profiles/reference-head-end.json: the A-route cases, suites/a-route/)
  --out       run directory (default out/run): run-record.json, certificate.html (+ .pdf), junit.xml,
              allure-results/, transcripts/, html-report/, the signed manifest; and <dir>.zip.
              It must be new, empty or a previous run's: then only the files that run's manifest
              lists, its bundle files and its own <dir>.zip are removed. Any other file there, or a
              <dir>.zip that is not its bundle, makes the run refuse (exit 2) and nothing is removed:
              the bundle signs every file of the run directory. One run at a time: <dir>.lock holds
              its pid, and a second run into the same directory is refused (exit 2)
  --grep      only the cases whose id, title or tags match (a regular expression, any case), e.g.
              --grep LV-BR-INF or --grep @area-frame
  --workers   parallel workers (default: Playwright's, half the cores)
  --shard     run only shard i of n of the selected cases (Playwright's sharding: one shard per machine
              or process, each into a run directory of its own); \`smcert merge\` then makes one record,
              certificate and bundle of all n
  --key       Ed25519 private key (PEM) that signs the evidence bundle; without it an ephemeral key
  --allow-long  a real target runs the cases on the wall clock, one at a time: the run prints the
              expected wall time first and refuses (exit 2) more than 60 min without this flag
  --no-pdf    no certificate.pdf (the HTML certificate is the certificate; smcert lot's units skip it)
  --resume    an interrupted run's directory: run only the cases it has no verdict for; refused when
              the profile file or the suite (commit, any file the runner loads) changed since it began

Ctrl-C or SIGTERM stops the cases and still writes the reports: the record keeps every verdict reached
and lists the cases not reached, which --resume runs; a second one stops at once.

Exit codes: 0 every applicable case passed, 1 a case did not pass (FAIL, INCONC, ERROR) or the record
could not be written, 2 usage or profile error, 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM.`;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runRun(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('run', RUN_USAGE, args, {
    profile: { type: 'string' },
    out: { type: 'string' },
    grep: { type: 'string' },
    workers: { type: 'string' },
    key: { type: 'string' },
    resume: { type: 'string' },
    shard: { type: 'string' },
    'allow-long': { type: 'boolean' },
    'no-pdf': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const values = parsed as {
    profile?: string;
    out?: string;
    grep?: string;
    workers?: string;
    key?: string;
    resume?: string;
    shard?: string;
    'allow-long'?: boolean;
    'no-pdf'?: boolean;
  };
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers))
    return usage(`--workers must be a positive integer, got '${values.workers}'`);
  const shard = values.shard === undefined ? undefined : shardArg(values.shard);
  if (typeof shard === 'string') return usage(shard);
  if (values.resume !== undefined) {
    if (values.profile || values.out || values.grep || shard)
      return usage(
        '--resume takes the run directory only: the profile, selection and shard come from its record',
      );
    return resumeRun(resolve(values.resume), values);
  }
  if (!values.profile) return usage('--profile is required');
  const profileFile = resolve(values.profile);
  const profile = loadRunProfile(profileFile);
  if (typeof profile === 'number') return profile;
  const refused = outProblem('run', resolve(values.out ?? 'out/run'));
  if (refused) return refused;
  return executeRun({
    command: 'run',
    profileFile,
    profile,
    outDir: resolve(values.out ?? 'out/run'),
    ...(values.grep ? { grep: values.grep } : {}),
    ...(values.workers ? { workers: values.workers } : {}),
    ...(values.key ? { keyFile: values.key } : {}),
    ...(values['allow-long'] ? { allowLong: true } : {}),
    ...(values['no-pdf'] ? { noPdf: true } : {}),
    ...(shard ? { shard } : {}),
  });
}

/** "2/3" as shard 2 of 3, or what is wrong with it. */
function shardArg(text: string): { index: number; total: number } | string {
  return parseShard(text) ?? `--shard must be <i>/<n> with 1 ≤ i ≤ n, e.g. --shard 2/3, got '${text}'`;
}

async function resumeRun(
  outDir: string,
  values: { workers?: string; key?: string; 'allow-long'?: boolean },
): Promise<number> {
  let record: ReturnType<typeof readRunRecord>;
  try {
    record = readRunRecord(join(outDir, 'run-record.json'));
  } catch (error) {
    if (error instanceof RunRecordError || !existsSync(outDir)) {
      console.error(
        `smcert run --resume: ${outDir} has no run record to resume: ${(error as Error).message}`,
      );
      return 2;
    }
    throw error;
  }
  const profileFile = isAbsolute(record.profile.file) ? record.profile.file : join(ROOT, record.profile.file);
  const profile = loadRunProfile(profileFile);
  if (typeof profile === 'number') return profile;
  const changed = resumeProblems(record, profileFile);
  if (record.mode === 'certify' && !values.key)
    changed.push('a certification run is resumed with the lab key that signs it: give --key <pem>');
  if (changed.length > 0) {
    console.error(
      `smcert run --resume: ${outDir} cannot be resumed:\n${changed.map((c) => `  ${c}`).join('\n')}`,
    );
    return 2;
  }
  return executeRun({
    command: record.mode,
    profileFile,
    profile,
    outDir,
    resume: true,
    ...(record.grep ? { grep: record.grep } : {}),
    ...(values.workers ? { workers: values.workers } : {}),
    ...(values.key ? { keyFile: values.key } : {}),
    ...(values['allow-long'] ? { allowLong: true } : {}),
  });
}

/**
 * The profile of a run, loaded and validated once — or exit code 2 with the loader's problems, one line
 * each, when it cannot be used for a run (a real target's localAddress must be on this machine).
 */
export function loadRunProfile(profileFile: string): RunProfile | number {
  try {
    if (isHeadEndProfile(profileFile)) return loadHeadEndProfile(profileFile);
    return loadProfile(profileFile, { checkHost: true }).profile;
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    console.error(error.message);
    return 2;
  }
}

/** Exit code 2, one line, when --out names something that is not a directory; undefined otherwise. */
export function outProblem(command: string, outDir: string): number | undefined {
  if (!existsSync(outDir) || statSync(outDir).isDirectory()) return undefined;
  console.error(
    `smcert ${command}: --out ${outDir} is a file, not a directory — give a new or empty directory (or a previous run's)`,
  );
  return 2;
}

function usage(problem: string): number {
  console.error(`smcert run: ${problem}\n\n${RUN_USAGE}`);
  return 2;
}
