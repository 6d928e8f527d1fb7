// The suite must catch defects for the right reason: under every fault switch of a device that has a
// suite, a case that declares it catches it FAILs naming the fault's own rule (its clause-registry id),
// and without faults every applicable case passes. The whole suite runs under each fault (one project per
// fault, see suite-validity.ts), so a FAIL of another rule shows a fault breaking two rules (or a wrong
// case). Prints the fault coverage (must be 100 %) and the case coverage.
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
  specs?: { title: string; tags?: string[]; tests: JsonTest[] }[];
  suites?: JsonSuite[];
}

test('every fault switch is caught by a FAIL naming its rule; the clean devices pass every case', async () => {
  // the child runs every case under each fault: about 8 min on an idle 2-core machine. spawnSync blocks
  // Playwright's own timer, so the child carries the limit and is killed at it (reported below)
  const limitMs = 40 * 60_000;
  test.setTimeout(limitMs + 60_000);
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
      timeout: limitMs,
      killSignal: 'SIGKILL',
    },
  );
  rmSync(output, { recursive: true, force: true });
  expect(run.signal, `the validity run was stopped at its ${limitMs / 60_000} min limit`).toBeNull();
  expect(run.stdout.trim().startsWith('{'), `child run printed no JSON report:\n${run.stderr}`).toBe(true);
  const report = JSON.parse(run.stdout) as { suites: JsonSuite[] };

  interface CaseRun {
    readonly id: string;
    readonly verdict: string;
    readonly rules: readonly string[];
    readonly catches: readonly string[];
    readonly message: string;
    readonly noFault: string;
  }
  const byProject = new Map<string, CaseRun[]>();
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const last = t.results.at(-1);
        const annotations = [...t.annotations, ...(last?.annotations ?? [])];
        const note = (type: string) => annotations.filter((a) => a.type === type).at(-1)?.description;
        const list = byProject.get(t.projectName) ?? [];
        list.push({
          id: spec.title.split(' ')[0] ?? spec.title,
          verdict: note('verdict') ?? last?.status ?? 'none',
          rules: (note('rule') ?? '').split(' ').filter(Boolean),
          catches: (spec.tags ?? []).filter((g) => g.startsWith('catches-')).map((g) => g.slice(8)), // tags without '@'
          message: last?.error?.message ?? '',
          noFault: note('noFaultBecause') ?? '(no reason given)',
        });
        byProject.set(t.projectName, list);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);

  const problems: string[] = [];
  const alsoBreaks: string[] = [];
  for (const variant of variants.filter((v) => !v.fault)) {
    const cases = byProject.get(variant.name) ?? [];
    if (cases.length === 0) problems.push(`${variant.name}: no case ran`);
    for (const c of cases) {
      if (c.verdict !== 'PASS' && c.verdict !== 'NA')
        problems.push(`${variant.name}: ${c.id} gave ${c.verdict}: ${c.message.split('\n')[0]}`);
    }
  }
  const faultVariants = variants.filter((v) => v.fault);
  const clauseOf = new Map(FAULTS.map((f) => [f.id, f.clause]));
  let caught = 0;
  for (const variant of faultVariants) {
    const fault = variant.fault!;
    const clause = clauseOf.get(fault)!;
    const cases = byProject.get(variant.name) ?? [];
    const declaring = cases.filter((c) => c.catches.includes(fault));
    // caught only by a declaring case that FAILs naming the fault's own rule
    if (declaring.some((c) => c.verdict === 'FAIL' && c.rules.includes(clause))) caught++;
    else if (declaring.length === 0) problems.push(`${variant.name}: no case declares it catches this fault`);
    else
      problems.push(
        `${variant.name}: not caught by a FAIL of ${clause} (${declaring.map((c) => `${c.id} ${c.verdict}${c.rules.length ? ` of ${c.rules.join(' ')}` : ''}`).join(', ')})`,
      );
    // each switch breaks exactly one rule: a FAIL of another rule elsewhere is reported
    for (const c of cases.filter((c) => !c.catches.includes(fault) && c.verdict === 'FAIL'))
      if (c.rules.some((r) => r !== clause))
        alsoBreaks.push(`${fault} (${clause}) also FAILs ${c.id} on ${c.rules.join(' ')}`);
  }
  const score = `${caught}/${faultVariants.length} (${((100 * caught) / faultVariants.length).toFixed(0)} %)`;
  const waiting = FAULTS.filter((f) => !SUITED_DEVICES.includes(f.device as never)).map((f) => f.id);
  const allCases = [...new Map([...byProject.values()].flat().map((c) => [c.id, c])).values()];
  const covered = allCases.filter((c) => c.catches.length > 0);
  const uncovered = allCases.filter((c) => c.catches.length === 0);
  const cover = `${covered.length}/${allCases.length} (${((100 * covered.length) / allCases.length).toFixed(0)} %)`;
  console.log(
    `fault coverage: ${score} of the fault switches of ${SUITED_DEVICES.join(', ')} caught by their own rule`,
  );
  console.log(
    `case coverage: ${cover} of the cases catch a fault switch; without one:${uncovered.map((c) => `\n  ${c.id}: ${c.noFault}`).join('')}`,
  );
  console.log(`fault switches without a suite yet: ${waiting.length} (${waiting.join(', ')})`);
  console.log(
    `faults that FAIL a case on another rule (two rules broken, or the case is wrong): ${alsoBreaks.length}${alsoBreaks.map((l) => `\n  ${l}`).join('')}`,
  );
  await test.info().attach('coverage', {
    body: `fault coverage ${score}, case coverage ${cover}\n${[...problems, ...alsoBreaks].join('\n')}`,
    contentType: 'text/plain',
  });
  expect(problems, `fault coverage ${score}`).toEqual([]);
  expect(caught).toBe(faultVariants.length);
});
