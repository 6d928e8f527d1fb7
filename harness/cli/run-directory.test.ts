// checkRunDirectory (harness/cli/run-directory.ts): what a new run removes from its --out directory —
// only a previous run's own files, and nothing at all when anything else is there.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { signBundle } from '../../reports/bundle.ts';
import type { RunRecord } from '../../reports/run-record.ts';
import { writeRunRecord } from '../../reports/run-record-io.ts';
import type { Profile } from '../profile/profile.ts';
import { checkRunDirectory } from './run-directory.ts';

/** What a run does with its --out: check, then clear when the check allows; the problem, if any. */
function clearRunDirectory(outDir: string): string | undefined {
  const checked = checkRunDirectory(outDir);
  if (typeof checked === 'string') return checked;
  checked();
  return undefined;
}

const RECORD: RunRecord = {
  format: 'smcert-run-record',
  formatVersion: 1,
  suite: { name: 'smcert', version: '0.0.0', commit: 'unknown' },
  data: {},
  environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 1 },
  // the directory logic never reads the profile's content
  profile: { file: 'p.json', content: {} as unknown as Profile },
  mode: 'run',
  startedAt: '2025-01-01T00:00:00.000Z',
  status: 'finished',
  cases: [],
  notSelected: [],
};

/** A run directory as a finished run leaves it: record, a transcript, a report, the signed bundle. */
function previousRun(root: string): string {
  const out = join(root, 'run');
  mkdirSync(join(out, 'transcripts'), { recursive: true });
  writeRunRecord(join(out, 'run-record.json'), RECORD);
  writeFileSync(join(out, 'transcripts', 'FR-TID-001.txt'), '#1 …\n');
  writeFileSync(join(out, 'junit.xml'), '<testsuites/>\n');
  signBundle(out, RECORD);
  return out;
}

test.describe('checkRunDirectory', () => {
  let root = '';
  test.beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'smcert-outdir-'));
  });
  test.afterEach(() => rmSync(root, { recursive: true, force: true }));

  test("a previous run's directory: its files, its empty folders and its zip go", () => {
    const out = previousRun(root);
    expect(clearRunDirectory(out), 'a previous run is cleared').toBeUndefined();
    expect(existsSync(join(out, 'run-record.json')), 'listed in the manifest: removed').toBe(false);
    expect(existsSync(join(out, 'manifest.json')), 'a bundle file: removed').toBe(false);
    expect(existsSync(join(out, 'transcripts')), 'a folder it emptied: removed').toBe(false);
    expect(existsSync(`${out}.zip`), "the run's own zip: removed").toBe(false);
    expect(existsSync(out), 'the directory itself stays').toBe(true);
  });

  test('a file the previous run did not write: refused, nothing removed', () => {
    const out = previousRun(root);
    writeFileSync(join(out, 'transcripts', 'notes.txt'), 'mine');
    expect(clearRunDirectory(out)).toMatch(
      /files the previous run did not write:\n {2}transcripts\/notes\.txt/,
    );
    expect(existsSync(join(out, 'run-record.json')), 'nothing removed on a refusal').toBe(true);
    expect(existsSync(`${out}.zip`), 'nothing removed on a refusal').toBe(true);
  });

  test('a zip beside it that is not its bundle: refused, the zip kept', () => {
    const out = previousRun(root);
    writeFileSync(`${out}.zip`, 'my archive');
    expect(clearRunDirectory(out)).toMatch(/run\.zip exists and is not the bundle of a run/);
    expect(readFileSync(`${out}.zip`, 'utf8')).toBe('my archive');
    expect(existsSync(join(out, 'run-record.json'))).toBe(true);
  });

  test('a record with no manifest, or a manifest of another record: refused, pointing at --resume', () => {
    const out = join(root, 'run');
    mkdirSync(out);
    writeRunRecord(join(out, 'run-record.json'), RECORD);
    expect(clearRunDirectory(out)).toMatch(/no manifest.*smcert run --resume/);
    const signed = previousRun(root);
    writeRunRecord(join(signed, 'run-record.json'), { ...RECORD, status: 'interrupted' });
    expect(clearRunDirectory(signed)).toMatch(/manifest\.json does not list this run-record\.json/);
    expect(existsSync(join(signed, 'junit.xml'))).toBe(true);
  });

  test('a symbolic link is a file of its own: never followed, and refused when stray', () => {
    const out = previousRun(root);
    const mine = join(root, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'keep.txt'), 'mine');
    symlinkSync(mine, join(out, 'link'));
    expect(clearRunDirectory(out)).toMatch(/ {2}link$/m);
    expect(readFileSync(join(mine, 'keep.txt'), 'utf8')).toBe('mine');
  });

  test('new or empty: made or kept as it is', () => {
    expect(clearRunDirectory(join(root, 'a', 'b'))).toBeUndefined();
    expect(existsSync(join(root, 'a', 'b'))).toBe(true);
    expect(clearRunDirectory(join(root, 'a', 'b'))).toBeUndefined();
  });
});
