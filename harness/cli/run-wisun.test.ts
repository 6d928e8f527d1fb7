// `smcert run` over Wi-SUN: profiles/reference-lv-meter-wisun.json reaches the reference meter through the
// emulated SKSTACK IP module and the harness's SKSTACK transport (scan, PANA join, SKSENDTO / ERXUDP).
// The verdicts are earned over the radio: the clean meter passes, a meter fault still FAILs its rule.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { smcertSync } from './smcert-child.ts';

const WISUN = JSON.parse(readFileSync('profiles/reference-lv-meter-wisun.json', 'utf8'));
const GREP = 'FR-TID|NP-D5|LV-BR-E7|GEN-0288-E7-GET';

function verdicts(out: string): string[] {
  const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8'));
  return record.cases.map((c: { id: string; verdict: string }) => `${c.id} ${c.verdict}`).sort();
}

test('the reference meter over Wi-SUN: the cases pass as over UDP, and a meter fault still FAILs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-wisun-'));
  try {
    const clean = smcertSync([
      'run',
      '--profile',
      'profiles/reference-lv-meter-wisun.json',
      '--out',
      join(dir, 'clean'),
      '--grep',
      GREP,
    ]);
    expect(clean.code, clean.out + clean.err).toBe(0);
    expect(verdicts(join(dir, 'clean'))).toEqual([
      'FR-TID-001 PASS',
      'GEN-0288-E7-GET-001 PASS',
      'LV-BR-E7-001 PASS',
      'NP-D5-001 PASS',
    ]);
    const faulty = join(dir, 'faulty.json');
    writeFileSync(
      faulty,
      JSON.stringify({
        ...WISUN,
        $schema: undefined,
        target: { ...WISUN.target, faults: ['tid-not-echoed'] },
      }),
    );
    const run = smcertSync(['run', '--profile', faulty, '--out', join(dir, 'fault'), '--grep', 'FR-TID']);
    expect(run.code, run.out + run.err).toBe(1);
    expect(verdicts(join(dir, 'fault'))).toEqual(['FR-TID-001 FAIL']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an emulated Wi-SUN target with a serial path is refused, naming the field and the fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-wisun-'));
  try {
    const file = join(dir, 'path.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...WISUN,
        $schema: undefined,
        transport: { ...WISUN.transport, path: '/dev/ttyUSB0' },
      }),
    );
    const run = smcertSync(['run', '--profile', file, '--out', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.err + run.out).toContain('/transport/path');
    expect(run.err + run.out).toContain('leave "path" out');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a SKSTACK module under test (kind comms-unit): its own cases pass, the meter cases are NA, the certificate names the module', () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-comms-unit-'));
  try {
    const run = smcertSync(['run', '--profile', 'profiles/reference-comms-unit.json', '--out', dir]);
    expect(run.code, run.out + run.err).toBe(0);
    const record = JSON.parse(readFileSync(join(dir, 'run-record.json'), 'utf8'));
    const cases = record.cases as { id: string; area: string; verdict: string; reason?: string }[];
    const own = cases.filter((c) => c.area === 'comms-unit');
    expect(own.filter((c) => c.verdict === 'PASS').map((c) => c.id)).toEqual(
      expect.arrayContaining(['CU-PANA-001', 'CU-DIAL-001', 'CU-SIZE-002', 'CU-INF-001']),
    );
    expect(cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'NA')).toEqual([]);
    for (const c of cases.filter((c) => c.area !== 'comms-unit'))
      expect(`${c.id} ${c.verdict} ${c.reason}`).toMatch(/ NA the device under test is a Wi-SUN module/);
    const certificate = readFileSync(join(dir, 'certificate.html'), 'utf8');
    expect(certificate).toContain('<th>Meter behind it</th>');
    expect(certificate).toContain('SKSTACK IP, dialect bp35a1, frames up to 1232 bytes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a frame limit below the meter’s largest Get_Res: CU-SIZE-001 FAILs naming E2 and E4, the module keeps to the limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-wisun-'));
  try {
    const file = join(dir, 'small-frames.json');
    // E2/E4: 12 header bytes, EPC and PDC, 194 of EDT = 208 bytes
    writeFileSync(
      file,
      JSON.stringify({ ...WISUN, $schema: undefined, transport: { ...WISUN.transport, maxFrameBytes: 150 } }),
    );
    const run = smcertSync(['run', '--profile', file, '--out', join(dir, 'out'), '--grep', 'CU-SIZE']);
    expect(run.code, run.out + run.err).toBe(1);
    expect(verdicts(join(dir, 'out'))).toEqual(['CU-SIZE-001 FAIL', 'CU-SIZE-002 PASS']);
    expect(run.out).toMatch(/FAIL +CU-SIZE-001 \[SK\/FRAME-LIMIT\] .*got 0xE2: 208 bytes, 0xE4: 208 bytes/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
