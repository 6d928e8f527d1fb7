// The suite must catch defects for the right reason: under every fault switch of a device that has a
// suite, a case that declares it catches it FAILs naming the fault's own rule (its clause-registry id),
// and without faults every applicable case passes. Under each fault (one project per fault, see
// suite-validity.ts) its declaring cases run; with SMCERT_VALIDITY_FULL=1 every case does, so a FAIL of
// another rule shows a fault breaking two rules (or a wrong case). Prints the fault coverage (must be
// 100 %) and the case coverage. The child run reports through harness/conformance/validity-reporter.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../devices/faults.ts';
import { VERDICTS_AS_ANNOTATIONS_ENV } from './conformance.ts';
import { SUITED_DEVICES, validityVariants } from './suite-validity.ts';
import type { ValidityLine } from './validity-reporter.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('every fault switch is caught by a FAIL naming its rule; the clean devices pass every case', async () => {
  // minutes on an idle 2-core machine (about 15 with SMCERT_VALIDITY_FULL=1). spawnSync blocks
  // Playwright's own timer, so the child carries the limit and is killed at it (reported below)
  const limitMs = 40 * 60_000;
  test.setTimeout(limitMs + 60_000);
  const output = mkdtempSync(join(tmpdir(), 'smcert-validity-'));
  // apart from the output folder, which Playwright empties when it starts
  const linesDir = mkdtempSync(join(tmpdir(), 'smcert-validity-lines-'));
  const lines = join(linesDir, 'cases.jsonl');
  const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
  const variants = validityVariants();
  const run = spawnSync(
    process.execPath,
    [
      cli,
      'test',
      ...variants.map((v) => `--project=${v.name}`),
      `--reporter=${join(ROOT, 'harness/conformance/validity-reporter.ts')}`,
      '--output',
      output,
      '--workers',
      '2',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SMCERT_VALIDITY: '1',
        SMCERT_VALIDITY_OUT: lines,
        [VERDICTS_AS_ANNOTATIONS_ENV]: '1',
      },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: limitMs,
      killSignal: 'SIGKILL',
    },
  );
  const ran = existsSync(lines) ? readFileSync(lines, 'utf8') : '';
  for (const dir of [output, linesDir]) rmSync(dir, { recursive: true, force: true });
  expect(run.signal, `the validity run was stopped at its ${limitMs / 60_000} min limit`).toBeNull();
  expect(ran.length > 0, `the validity run reported no case:\n${run.stdout}\n${run.stderr}`).toBe(true);
  const byProject = new Map<string, ValidityLine[]>();
  for (const text of ran.split('\n').filter(Boolean)) {
    const line = JSON.parse(text) as ValidityLine;
    byProject.set(line.project, [...(byProject.get(line.project) ?? []), line]);
  }

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
