// `smcert lot` end to end on emulated lots: the plan per class, the seeded draw, every sampled unit's own
// run, the decision naming the class that rejected, the signed lot report; what the live view pushes while
// the lot runs; a lot CSV with bad rows refused before any unit runs; two shards in two processes merged
// into the one decision of the whole lot; the lot history giving tightened inspection after two rejections.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import type { LotReport } from '../../reports/lot-report.ts';
import { emulatedLot } from '../lot/emulated-lot.ts';
import { drawSample } from '../sampling/sample-draw.ts';
import { samplingPlan } from '../sampling/sampling-plan.ts';
import { REFERENCE, ROOT, SMCERT, smcertSync, startSmcert } from './smcert-child.ts';

// lot 8, level II: code letter A, n 2 at AQL 6.5 (0/1); tightened: ↓ to B, n 3. Seed 1 draws one of the two
// defective units (opc-capped-at-3: FR-OPC-001, a major case) in either sample
const LOT = ['--profile', 'profiles/reference-lv-meter.json', '--emulate', '8', '--defect-rate', '0.25'];
const PLAN = [
  '--faults',
  'opc-capped-at-3',
  '--aql',
  'critical=6.5,major=6.5',
  '--level',
  'II',
  '--seed',
  '1',
];
const CASES = ['--grep', 'FR-OPC-001|FR-TID-001'];

const readReport = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'lot-report.json'), 'utf8')) as LotReport;
const verdictsOf = (report: LotReport) =>
  Object.fromEntries(
    report.units.map((u) => [
      u.serial,
      u.attempts
        .at(-1)!
        .result.cases.map((c) => `${c.id} ${c.verdict}`)
        .sort(),
    ]),
  );

/** `smcert lot <args>` to its end, and every message its live view pushed to a WebSocket client. */
function lotWithLiveView(
  args: readonly string[],
): Promise<{ code: number | null; out: string; messages: { type: string }[] }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [SMCERT, 'lot', ...args], { cwd: ROOT });
    let out = '';
    const messages: { type: string }[] = [];
    let socket: WebSocket | undefined;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const url = /live view: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (url && !socket) {
        socket = new WebSocket(`${url.replace('http', 'ws')}events`);
        socket.on('message', (data) => messages.push(JSON.parse(String(data))));
      }
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => done({ code, out, messages }));
  });
}

test('an emulated lot: plans per class, the seeded sample run unit by unit, rejected on the major class, signed; the live view pushed it all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-'));
  try {
    const out = join(dir, 'lot');
    const run = await lotWithLiveView([...LOT, ...PLAN, ...CASES, '--workers', '2', '--out', out]);
    expect(run.code, run.out).toBe(1);
    const plan = samplingPlan({
      scheme: 'iso-2859-1',
      lotSize: 8,
      level: 'II',
      aql: '6.5',
      severity: 'normal',
    });
    expect(run.out).toContain(
      `major    AQL 6.5   normal    code letter A, n ${plan.n}, Ac ${plan.ac}, Re ${plan.re}`,
    );
    expect(run.out).toContain('lot decision: REJECT');
    const report = readReport(out);
    // the truth, from the same seed: which of the lot's units carry the fault, which were drawn
    const lot = emulatedLot({ size: 8, defectRate: 0.25, faults: ['opc-capped-at-3'], seed: 1 });
    const drawn = drawSample(lot, plan.n, 1);
    expect(report.draw).toEqual({ seed: 1, serials: drawn.map((u) => u.serial) });
    expect(report.plans.map((p) => [p.class, p.codeLetter, p.n, p.ac, p.re])).toEqual([
      ['critical', 'A', plan.n, plan.ac, plan.re],
      ['major', 'A', plan.n, plan.ac, plan.re],
    ]);
    const verdicts = verdictsOf(report);
    for (const unit of drawn)
      expect(verdicts[unit.serial], unit.serial).toEqual(
        unit.faults ? ['FR-OPC-001 FAIL', 'FR-TID-001 PASS'] : ['FR-OPC-001 PASS', 'FR-TID-001 PASS'],
      );
    const defective = drawn.filter((u) => u.faults).map((u) => u.serial);
    expect(defective).toHaveLength(1);
    expect(report.decision!.classes.map((c) => [c.severity, c.nonconforming, c.decision])).toEqual([
      ['critical', [], 'accept'],
      ['major', defective, 'reject'],
    ]);
    for (const unit of drawn) {
      expect(existsSync(join(out, 'units', unit.serial, 'certificate.html')), unit.serial).toBe(true);
      const own = smcertSync(['verify', join(out, 'units', `${unit.serial}.zip`)]);
      expect(own.code, own.err).toBe(0);
    }
    expect(readFileSync(join(out, 'oc-curve.svg'), 'utf8')).toContain('<polyline');
    expect(readFileSync(join(out, 'lot-report.html'), 'utf8')).toContain(
      `units/${defective[0]}/certificate.html`,
    );
    const verified = smcertSync(['verify', `${out}.zip`]);
    expect(verified.code, verified.err).toBe(0);
    expect(verified.out).toContain('signed run result FAILED');

    const done = run.messages.filter(
      (m) => m.type === 'unit' && (m as { unit?: { state: string } }).unit?.state === 'done',
    );
    expect(run.messages[0]?.type).toBe('snapshot');
    expect(done.length, 'each sampled unit pushed as done').toBe(drawn.length);
    expect(run.messages.at(-1)).toMatchObject({ type: 'finished', decision: 'reject' });

    // two shards in two processes (as on two machines), merged: the same units, verdicts and decision
    const shard = (i: number) =>
      new Promise<number | null>((resolveShard) =>
        spawn(
          process.execPath,
          [
            SMCERT,
            'lot',
            ...LOT,
            ...PLAN,
            ...CASES,
            '--no-live',
            '--shard',
            `${i}/2`,
            '--out',
            join(dir, `s${i}`),
          ],
          {
            cwd: ROOT,
            stdio: 'ignore',
          },
        ).on('exit', resolveShard),
      );
    expect(await Promise.all([shard(1), shard(2)])).toEqual([0, 0]);
    const short = smcertSync(['merge', '--out', join(dir, 'short'), join(dir, 's2')]);
    expect(short.code).toBe(2);
    expect(short.err).toContain('shard 1/2 is missing');
    const merge = smcertSync(['merge', '--out', join(dir, 'merged'), join(dir, 's2'), join(dir, 's1')]);
    expect(merge.code, merge.out + merge.err).toBe(1);
    expect(merge.out).toContain('lot decision: REJECT');
    const merged = readReport(join(dir, 'merged'));
    expect(merged.mergedFrom!.map((m) => m.units)).toEqual([1, 1]);
    expect(verdictsOf(merged)).toEqual(verdicts);
    expect(merged.decision).toEqual(report.decision);
    expect(smcertSync(['verify', join(dir, 'merged.zip')]).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lot of two real devices on UDP (smcert emulate in two other processes), both at once: the faulty one FAILs its rule, the good one passes', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-real-'));
  const emulate = (address: string, ...fault: string[]) =>
    startSmcert(
      ['emulate', '--profile', 'profiles/reference-lv-meter.json', '--address', address, ...fault],
      'emulating',
    );
  const devices = [await emulate('127.0.0.90'), await emulate('127.0.0.91', '--fault', 'opc-capped-at-3')];
  try {
    const { $schema: _, ...meter } = REFERENCE;
    const profile = join(dir, 'real.json');
    writeFileSync(
      profile,
      JSON.stringify({
        ...meter,
        timers: { ...meter.timers, timer1Ms: 3_000, timer2Ms: 6_000 },
        target: { type: 'real', localAddress: '127.0.0.92' },
      }),
    );
    const csv = join(dir, 'lot.csv');
    // each unit its own local address: both run at once
    writeFileSync(
      csv,
      'serial,address,localAddress\nGOOD-1,127.0.0.90,127.0.0.92\nBAD-1,127.0.0.91,127.0.0.93\n',
    );
    const out = join(dir, 'lot');
    const run = smcertSync(
      [
        'lot',
        '--profile',
        profile,
        '--serials',
        csv,
        '--aql',
        'major=6.5',
        '--seed',
        '1',
        '--workers',
        '2',
        '--grep',
        'FR-OPC-001|FR-TID-001',
        '--no-live',
        '--out',
        out,
      ],
      { timeoutMs: 280_000 },
    );
    expect(run.code, run.out + run.err).toBe(1);
    const report = readReport(out);
    expect(report.lot.source).toMatchObject({ kind: 'csv' });
    expect(verdictsOf(report)).toEqual({
      'GOOD-1': ['FR-OPC-001 PASS', 'FR-TID-001 PASS'],
      'BAD-1': ['FR-OPC-001 FAIL', 'FR-TID-001 PASS'],
    });
    expect(report.decision!.classes[0]).toMatchObject({
      severity: 'major',
      nonconforming: ['BAD-1'],
      decision: 'reject',
    });
    const unitProfile = JSON.parse(readFileSync(join(out, 'profiles', 'BAD-1.json'), 'utf8'));
    expect(unitProfile.transport.address, 'each unit at its own address from the CSV').toBe('127.0.0.91');
    expect(unitProfile.identity.serial).toBe('BAD-1');
    expect(unitProfile.target.localAddress).toBe('127.0.0.93');
  } finally {
    for (const device of devices) device.kill('SIGINT');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Ctrl-C during a lot: the running unit ends, no other starts, the report keeps what was tested (exit 130)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-stop-'));
  try {
    const out = join(dir, 'lot');
    const child = spawn(
      process.execPath,
      [
        SMCERT,
        'lot',
        '--profile',
        'profiles/reference-lv-meter.json',
        '--emulate',
        '40',
        '--aql',
        'minor=2.5',
        '--seed',
        '3',
        '--workers',
        '1',
        ...CASES,
        '--no-live',
        '--out',
        out,
      ],
      { cwd: ROOT },
    );
    let said = '';
    child.stdout.on('data', (chunk) => {
      said += chunk;
    });
    child.stderr.on('data', (chunk) => {
      said += chunk;
    });
    await expect.poll(() => said, { timeout: 90_000 }).toMatch(/\[1\/\d+\] PASS/);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code, said).toBe(130);
    const report = readReport(out);
    expect(report.status).toBe('interrupted');
    expect(report.decision?.decision, 'units not tested leave the lot undetermined').toBe('undetermined');
    const notTested = report.units.filter((u) => u.state === 'not tested');
    expect(notTested.length, 'no unit started after the signal').toBeGreaterThan(0);
    expect(notTested.every((u) => u.notTested === 'interrupted')).toBe(true);
    expect(report.units.filter((u) => u.state === 'done').length).toBeGreaterThan(0);
    expect(smcertSync(['verify', `${out}.zip`]).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lot CSV with bad rows is refused with each line named, before any unit is tested', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-csv-'));
  try {
    const profile = join(dir, 'real.json');
    writeFileSync(
      profile,
      JSON.stringify({ ...REFERENCE, target: { type: 'real', localAddress: '127.0.0.1' } }),
    );
    const csv = join(dir, 'lot.csv');
    writeFileSync(csv, 'serial,address,colour\nSN1,127.0.0.60,red\n');
    const out = join(dir, 'lot');
    const unknown = smcertSync(['lot', '--profile', profile, '--serials', csv, '--seed', '1', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("line 1: unknown column 'colour' (column 3)");
    writeFileSync(csv, 'serial,address\nSN1,127.0.0.60\nSN2,\nSN1,127.0.0.62\n');
    const bad = smcertSync(['lot', '--profile', profile, '--serials', csv, '--seed', '1', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('line 3: missing address for SN2');
    expect(bad.err).toContain("line 4: duplicate serial 'SN1' (first on line 2)");
    expect(bad.out).not.toContain('sample:');
    expect(existsSync(out), 'nothing was written').toBe(false);
    const emulated = smcertSync(['lot', '--profile', 'profiles/reference-lv-meter.json', '--serials', csv]);
    expect(emulated.code).toBe(2);
    expect(emulated.err).toContain('must be "real" (use --emulate for emulated units)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the lot history: after two lots rejected on normal inspection the next is inspected tightened, and added', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-lot-history-'));
  try {
    const history = join(dir, 'history.json');
    const rejected = (lot: string) => ({
      supplier: 'ACME',
      product: 'LV-1',
      lot,
      decidedAt: '2026-11-01T00:00:00Z',
      classes: [
        { severity: 'major', inspection: 'normal', accepted: false, ac: 0, acceptedOneStepTighter: false },
      ],
    });
    writeFileSync(
      history,
      JSON.stringify({ format: 'smcert-lot-history/1', lots: [rejected('L1'), rejected('L2')] }),
    );
    const names = ['--history', history, '--supplier', 'ACME', '--product', 'LV-1', '--lot-id', 'L3'];
    const out = join(dir, 'lot');
    const run = smcertSync([
      'lot',
      ...LOT,
      '--faults',
      'opc-capped-at-3',
      '--aql',
      'major=6.5',
      '--seed',
      '1',
      '--grep',
      'FR-OPC-001',
      '--no-live',
      ...names,
      '--out',
      out,
    ]);
    const tightened = samplingPlan({
      scheme: 'iso-2859-1',
      lotSize: 8,
      level: 'II',
      aql: '6.5',
      severity: 'tightened',
    });
    expect(run.out, run.err).toContain(
      `major    AQL 6.5   tightened code letter A → ${tightened.planLetter}, n ${tightened.n}`,
    );
    expect(readReport(out).plans[0]).toMatchObject({ severity: 'tightened', n: tightened.n });
    expect(run.out).toContain('lot added for ACME / LV-1');
    const kept = JSON.parse(readFileSync(history, 'utf8'));
    expect(kept.lots.map((l: { lot: string }) => l.lot)).toEqual(['L1', 'L2', 'L3']);
    expect(kept.lots[2].classes[0]).toMatchObject({ severity: 'major', inspection: 'tightened' });

    writeFileSync(history, '{"format": "smcert-lot-history/1", "lots": [{"supplier": "ACME"}]}');
    const broken = smcertSync(['lot', ...LOT, '--seed', '1', ...names, '--out', join(dir, 'again')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toContain(`${history}: at /lots/0`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
