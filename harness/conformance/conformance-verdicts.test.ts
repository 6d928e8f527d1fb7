// The conformance() helper end to end, in a child Playwright run of cases written for this test: a
// harness exception is ERROR, silence is INCONC or FAIL as the case declares, a gate gives NA with its
// reason, and none of them stops the run — the case after them still runs and passes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { readRunRecord } from '../../reports/run-record-io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const SPEC = (root: string) => `
import { conformance } from '${root}harness/conformance/conformance.ts';
import { eoj } from '${root}harness/echonet/eoj.ts';
const meta = { specRef: 'EL-1.14/2/3.2.5', severity: 'minor', applies: () => true, realTimeMs: 60_000, catches: [], noFaultBecause: 'cases of this test only' } as const;
conformance({ ...meta, id: 'FR-ERR-001', title: 'a bug in the case' }, async () => {
  (undefined as unknown as { x: number }).x;
});
conformance({ ...meta, id: 'FR-SIL-001', title: 'silence where the rule is about something else' }, async ({ dut }) => {
  await dut.get(0x80).then(() => dut.request(0x62, [{ epc: 0x80, edt: new Uint8Array(0) }], { deoj: eoj('013001') }));
});
conformance({ ...meta, id: 'FR-SIL-002', title: 'silence where answering is the rule', onSilence: 'FAIL' }, async ({ dut }) => {
  await dut.request(0x62, [{ epc: 0x80, edt: new Uint8Array(0) }], { deoj: eoj('013001') });
});
conformance({ ...meta, id: 'FR-NAP-001', title: 'gated out', applies: () => 'the device has no such thing' }, async () => {});
conformance({ ...meta, id: 'FR-OK-001', title: 'runs after all of them' }, async ({ dut }) => {
  await dut.get(0x80);
});
`;

test('ERROR for a harness fault, INCONC or FAIL for silence, NA with its reason, and the run goes on', () => {
  // inside the repository (out/ is ignored by git) so the spec is an ES module like the suites
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'out', 'verdicts-'));
  writeFileSync(join(dir, 'cases.spec.ts'), SPEC(ROOT));
  writeFileSync(
    join(dir, 'playwright.config.ts'),
    `export default { testDir: '.', workers: 1, reporter: [['${ROOT}reports/run-reporter.ts', { outDir: '${dir}/out', profileFile: '${ROOT}profiles/reference-lv-meter.json' }]] };`,
  );
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const run = spawnSync(process.execPath, [cli, 'test', '--config', join(dir, 'playwright.config.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SMCERT_PROFILE: join(ROOT, 'profiles/reference-lv-meter.json'), SMCERT_OUT: '' },
    timeout: 120_000,
  });
  expect(run.status, run.stdout + run.stderr).toBe(1);
  const record = readRunRecord(join(dir, 'out', 'run-record.json'));
  const byId = Object.fromEntries(record.cases.map((c) => [c.id, c]));
  expect(byId['FR-ERR-001']?.verdict).toBe('ERROR');
  expect(byId['FR-ERR-001']?.reason).toMatch(/^harness error, not the device's: TypeError/);
  expect(byId['FR-SIL-001']?.verdict).toBe('INCONC');
  expect(byId['FR-SIL-001']?.reason).toMatch(
    /no reply to Get \(0x62\)\(0x80\) within 20 s .*could not observe/,
  );
  expect(byId['FR-SIL-002']?.verdict).toBe('FAIL');
  expect(byId['FR-SIL-002']?.reason).toMatch(/answering in time is the rule under test/);
  expect(byId['FR-NAP-001']).toMatchObject({ verdict: 'NA', reason: 'the device has no such thing' });
  expect(byId['FR-OK-001']?.verdict).toBe('PASS');
  expect(record.status).toBe('finished');
  rmSync(dir, { recursive: true, force: true });
});
