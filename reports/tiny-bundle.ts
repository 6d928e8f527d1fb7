// For the bundle tests: a tiny run directory (run record, a transcript, a certificate) signed by
// signBundle(), the builder smcert run uses, with a fresh Ed25519 lab key. Quicker than a real run, and
// every entry small enough to mutate at will.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../harness/profile/profile.ts';
import { BundleError, filesBelow, signBundle, verifyBundle } from './bundle.ts';
import type { RunRecord } from './run-record.ts';
import type { ZipEntry } from './zip-entries.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface TinyBundle {
  /** Scratch folder of the test: the bundle, the key and any copies go below it. */
  readonly dir: string;
  readonly out: string;
  readonly zip: string;
  readonly keyFile: string;
  readonly publicKeyPem: string;
  readonly record: RunRecord;
  /** The bundle's files in zip order (sorted by name), bundle files included. */
  readonly entries: readonly ZipEntry[];
}

export function tinyBundle(): TinyBundle {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-bundle-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = join(dir, 'lab.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const out = join(dir, 'run');
  const record = tinyRecord('PASS');
  writeRunDirectory(out, record);
  const signed = signBundle(out, record, { keyFile });
  return {
    dir,
    out,
    zip: signed.zip,
    keyFile,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    record,
    entries: filesBelow(out).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(out, name))) })),
  };
}

/** A run record of two cases, both with the given verdict. */
export function tinyRecord(verdict: 'PASS' | 'FAIL'): RunRecord {
  const profileFile = 'profiles/reference-lv-meter.json';
  const content = JSON.parse(readFileSync(join(ROOT, profileFile), 'utf8')) as Profile;
  const reason = verdict === 'PASS' ? {} : { reason: 'TID not echoed: expected 0x0001, got 0x0000' };
  return {
    format: 'smcert-run-record',
    formatVersion: 1,
    suite: { name: 'smcert', version: '0.1.0', commit: 'unknown' },
    data: { 'suites/clauses.json': '0'.repeat(64) },
    environment: { node: process.version, platform: 'linux', arch: 'x64', cpus: 2 },
    profile: { file: profileFile, content },
    mode: 'run',
    notSelected: [],
    startedAt: '2026-04-01T09:00:00.000Z',
    finishedAt: '2026-04-01T09:00:03.000Z',
    status: 'finished',
    cases: ['FR-TID-001', 'NP-ID-001'].map((id) => ({
      id,
      title: `${id} title`,
      specRef: 'ECHONET-LITE-1.14/2/3.2.2',
      severity: 'major' as const,
      area: id.slice(0, 2),
      verdict,
      ...reason,
      durationMs: 5,
      transcript: `transcripts/${id}.txt`,
    })),
  };
}

function writeRunDirectory(out: string, record: RunRecord): void {
  const files: Record<string, string> = {
    'run-record.json': `${JSON.stringify(record, null, 2)}\n`,
    'certificate.html': `<!doctype html><title>Conformance test report</title><p id="overall">PASSED</p>\n`,
  };
  for (const c of record.cases) files[c.transcript!] = `#1 → 1081 0001 05FF01 028801 62 01 E7 00\n`;
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(out, name)), { recursive: true });
    writeFileSync(join(out, name), text);
  }
}

/** Whether verify takes the bundle at `path` for intact; one it cannot read at all (BundleError, exit 2) is not. */
export function intact(path: string): boolean {
  try {
    return verifyBundle(path).ok;
  } catch (error) {
    if (error instanceof BundleError) return false;
    throw error;
  }
}
