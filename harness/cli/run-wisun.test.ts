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
