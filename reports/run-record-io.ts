// Reading and writing the run record, checked against reports/run-record.schema.json both ways: a record
// that does not match is never written, and a file that does not match is refused with the field named.
import { createHash } from 'node:crypto';
import { type Dirent, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { RunRecord } from './run-record.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(`${ROOT}reports/run-record.schema.json`, 'utf8')),
);

export class RunRecordError extends Error {
  override readonly name = 'RunRecordError';
}

function check(record: unknown, where: string): asserts record is RunRecord {
  if (validate(record)) return;
  const first = validate.errors?.[0];
  throw new RunRecordError(
    `${where}: not a valid run record at ${first?.instancePath || '/'}: ${first?.message}`,
  );
}

/** Written whole to a temporary file and renamed: a reader never sees half a record. */
export function writeRunRecord(file: string, record: RunRecord): void {
  check(record, file);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readRunRecord(file: string): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RunRecordError(`${file}: not a readable run record (${(error as Error).message})`);
  }
  check(data, file);
  return data;
}

/** SHA-256 of the data the verdicts depend on, by repository path. */
export function dataDigests(): Record<string, string> {
  const files = [
    ...readdirSync(`${ROOT}harness/classes/data`)
      .filter((f) => f.endsWith('.json'))
      .map((f) => `harness/classes/data/${f}`),
    'harness/classes/class.schema.json',
    'profiles/profile.schema.json',
    'suites/clauses.json',
    'suites/errata.json',
  ].sort();
  return Object.fromEntries(files.map((f) => [f, sha256(readFileSync(`${ROOT}${f}`))]));
}

/** What the runner loads code and data from (tsx and Playwright import any of it, tracked by git or not). */
export const SUITE_PATHS = ['harness', 'suites', 'reports', 'playwright.config.ts', 'package-lock.json'];
const LOADABLE = /\.(?:[cm]?[jt]sx?|json)$/;

/** Every file under SUITE_PATHS the runner could load (code and JSON), sorted repository paths. */
export function suiteFiles(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, path), { withFileTypes: true });
    } catch {
      return; // not there (a release archive may lack a folder)
    }
    for (const entry of entries) {
      const name = `${path}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(name);
      } else if (LOADABLE.test(entry.name) && isFile(join(root, name))) out.push(name);
    }
  };
  for (const path of SUITE_PATHS) {
    if (isFile(join(root, path))) out.push(path);
    else walk(path);
  }
  return out.sort();
}

/** SHA-256 over `<sha256>  <path>` lines of suiteFiles(): changes with any byte, file added or removed. */
export function suiteDigest(root = ROOT): string {
  return sha256(
    suiteFiles(root)
      .map((f) => `${sha256(readFileSync(join(root, f)))}  ${f}\n`)
      .join(''),
  );
}

/** SHA-256 of the profile file's bytes: the run record names the device it tested by it. */
export function profileDigest(file: string): string {
  return sha256(readFileSync(file));
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile(); // a symbolic link counts by what it points at
  } catch {
    return false;
  }
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function environment(): RunRecord['environment'] {
  let playwright: string | undefined;
  try {
    playwright = (
      JSON.parse(readFileSync(`${ROOT}node_modules/@playwright/test/package.json`, 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    // an install without Playwright cannot run cases anyway; the record says what it knows
  }
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus().length,
    ...(playwright ? { playwright } : {}),
  };
}
