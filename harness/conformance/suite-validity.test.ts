// The suite must catch defects: every fault switch of a device that has a suite makes at least one of the
// cases that declare they catch it give FAIL, and without faults every applicable case passes. Runs the
// suites in a child Playwright run (one project per fault, see suite-validity.ts) and prints the mutation
// score, which must be 100 %.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../devices/faults.ts';
import { SUITED_DEVICES, validityVariants } from './suite-validity.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface JsonTest {
  projectName: string;
  annotations: { type: string; description?: string }[];
  results: {
    status: string;
    annotations?: { type: string; description?: string }[];
    error?: { message?: string };
  }[];
}
interface JsonSuite {
  specs?: { title: string; tests: JsonTest[] }[];
  suites?: JsonSuite[];
}

test('every fault switch is caught by a FAIL naming its rule; the clean devices pass every case', async () => {
  test.setTimeout(15 * 60_000);
  const output = mkdtempSync(join(tmpdir(), 'smcert-validity-'));
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const variants = validityVariants();
  const run = spawnSync(
    process.execPath,
    [
      cli,
      'test',
      ...variants.map((v) => `--project=${v.name}`),
      '--reporter=json',
      '--output',
      output,
      '--workers',
      '2',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SMCERT_VALIDITY: '1' },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  rmSync(output, { recursive: true, force: true });
  expect(run.stdout.trim().startsWith('{'), `child run printed no JSON report:\n${run.stderr}`).toBe(true);
  const report = JSON.parse(run.stdout) as { suites: JsonSuite[] };

  const byProject = new Map<string, { title: string; verdict: string; message: string }[]>();
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const last = t.results.at(-1);
        const annotations = [...t.annotations, ...(last?.annotations ?? [])];
        const verdict =
          annotations.filter((a) => a.type === 'verdict').at(-1)?.description ?? last?.status ?? 'none';
        const list = byProject.get(t.projectName) ?? [];
        list.push({ title: spec.title, verdict, message: last?.error?.message ?? '' });
        byProject.set(t.projectName, list);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);

  const problems: string[] = [];
  for (const variant of variants.filter((v) => !v.fault)) {
    const cases = byProject.get(variant.name) ?? [];
    if (cases.length === 0) problems.push(`${variant.name}: no case ran`);
    for (const c of cases) {
      if (c.verdict !== 'PASS' && c.verdict !== 'NA')
        problems.push(`${variant.name}: ${c.title} gave ${c.verdict}: ${c.message.split('\n')[0]}`);
    }
  }
  const faultVariants = variants.filter((v) => v.fault);
  let caught = 0;
  for (const variant of faultVariants) {
    const cases = byProject.get(variant.name) ?? [];
    const failing = cases.filter(
      (c) => c.verdict === 'FAIL' && /^(Error: )?FAIL \[[^\]]+\] \S/.test(c.message),
    );
    if (failing.length > 0) caught++;
    else if (cases.length === 0) problems.push(`${variant.name}: no case declares it catches this fault`);
    else
      problems.push(
        `${variant.name}: not caught (${cases.map((c) => `${c.title.split(' ')[0]} ${c.verdict}`).join(', ')})`,
      );
  }
  const score = `${caught}/${faultVariants.length} (${((100 * caught) / faultVariants.length).toFixed(0)} %)`;
  const waiting = FAULTS.filter((f) => !SUITED_DEVICES.includes(f.device as never)).map((f) => f.id);
  console.log(`mutation score: ${score} of the fault switches of ${SUITED_DEVICES.join(', ')}`);
  console.log(`fault switches without a suite yet: ${waiting.length} (${waiting.join(', ')})`);
  await test
    .info()
    .attach('mutation score', { body: `${score}\n${problems.join('\n')}`, contentType: 'text/plain' });
  expect(problems, `mutation score ${score}`).toEqual([]);
  expect(caught).toBe(faultVariants.length);
});
