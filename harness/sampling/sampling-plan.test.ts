// Spot checks of the sampling tables against published worked examples (each cites where it is printed),
// and the checks a broken table file must fail.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { SamplingDataError } from './sampling-data-error.ts';
import { codeLetterFor, PlanRequestError, samplingPlan } from './sampling-plan.ts';
import {
  type InspectionSeverity,
  loadSamplingTable,
  SAMPLING_DATA_DIR,
  SCHEMES,
  type SchemeName,
} from './sampling-tables.ts';

const plan = (
  lotSize: number,
  level: string,
  aql: string,
  severity: InspectionSeverity = 'normal',
  scheme: SchemeName = 'iso-2859-1',
) => {
  const p = samplingPlan({ scheme, lotSize, level, aql, severity });
  return { letter: p.planLetter, n: p.n, ac: p.ac, re: p.re, full: p.fullInspection };
};

test('Table I: lot 501–1 200 gives C C E F G J K across S-1…III (../shared/reference/conformance-schemes.md §6)', () => {
  const levels = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'];
  expect(levels.map((level) => codeLetterFor(1000, level)).join(' ')).toBe('C C E F G J K');
  expect(codeLetterFor(3201, 'II')).toBe('L');
  expect(codeLetterFor(10000, 'II')).toBe('L');
  expect(codeLetterFor(10001, 'II')).toBe('M');
  expect(codeLetterFor(35000, 'II')).toBe('M');
  expect(codeLetterFor(2, 'II')).toBe('A');
  expect(codeLetterFor(10_000_000, 'II')).toBe('Q');
});

test('lot 1 000, level II: J, n 80; AQL 1.0 → 2/3, AQL 0.65 → 1/2 (conformance-schemes.md §6)', () => {
  expect(plan(1000, 'II', '1.0')).toEqual({ letter: 'J', n: 80, ac: 2, re: 3, full: false });
  expect(plan(1000, 'II', '0.65')).toEqual({ letter: 'J', n: 80, ac: 1, re: 2, full: false });
});

test('the reduced tables differ: lot 125, level III, AQL 1.0 — ISO n 32 1/2, Z1.4 n 20 0/2 (conformance-schemes.md §6)', () => {
  expect(plan(125, 'III', '1.0', 'reduced', 'iso-2859-1')).toMatchObject({ n: 32, ac: 1, re: 2 });
  expect(plan(125, 'III', '1.0', 'reduced', 'ansi-z1.4')).toMatchObject({ n: 20, ac: 0, re: 2 });
  // normal and tightened are the same tables in both schemes
  expect(SCHEMES['iso-2859-1'].normal).toBe(SCHEMES['ansi-z1.4'].normal);
  expect(SCHEMES['iso-2859-1'].tightened).toBe(SCHEMES['ansi-z1.4'].tightened);
});

// nibs.org/FMOC/DPW_AC/AC-TABLE.ASC (from MIL-STD-105E): Table 1-A level II single normal, Table 1-B single
// tightened, printed as the rejection number for AQL .65 1.0 1.5 2.5 4.0 6.5 10 15 or an arrow (here: the
// letter it leads to); its lot sizes are level II's
const printedRow = (lotSize: number, severity: InspectionSeverity) =>
  ['0.65', '1.0', '1.5', '2.5', '4.0', '6.5', '10', '15'].map((aql) => {
    const p = samplingPlan({ scheme: 'iso-2859-1', lotSize, level: 'II', aql, severity });
    return p.planLetter === p.codeLetter ? String(p.re) : `→${p.planLetter}`;
  });

test('level II normal rows as printed in the nibs.org Table 1-A', () => {
  expect(printedRow(100, 'normal')).toEqual(['1', '→E', '→G', '2', '3', '4', '6', '8']); // F 20
  expect(printedRow(400, 'normal')).toEqual(['→J', '2', '3', '4', '6', '8', '11', '15']); // H 50
  expect(printedRow(1000, 'normal')).toEqual(['2', '3', '4', '6', '8', '11', '15', '22']); // J 80
  expect(printedRow(2000, 'normal')).toEqual(['3', '4', '6', '8', '11', '15', '22', '→J']); // K 125
});

test('tightened rows as printed in the nibs.org Table 1-B', () => {
  expect(printedRow(200, 'tightened')).toEqual(['1', '→J', '→H', '2', '3', '4', '6', '9']); // G 32
  expect(printedRow(1000, 'tightened')).toEqual(['→K', '2', '3', '4', '6', '9', '13', '19']); // J 80
  expect(printedRow(2000, 'tightened')).toEqual(['2', '3', '4', '6', '9', '13', '19', '→J']); // K 125
});

test('an arrow changes the code letter and n; n at or above the lot size is 100 % inspection', () => {
  // lot 5, level II: A (n 2); AQL 0.10 → ↓ to K (n 125) → every unit of the lot, Ac 0
  expect(plan(5, 'II', '0.10')).toEqual({ letter: 'K', n: 5, ac: 0, re: 1, full: true });
  // lot 10 000, level II: L (n 200); AQL 0.10 → ↑ to K, n 125, 0/1
  expect(plan(10000, 'II', '0.10')).toEqual({ letter: 'K', n: 125, ac: 0, re: 1, full: false });
});

test('a request outside the tables is refused with the values allowed', () => {
  expect(() => plan(1000, 'IV', '1.0')).toThrow(PlanRequestError);
  expect(() => plan(1000, 'II', '0.7')).toThrow(/AQL 0.7: use one of 0.010, 0.015/);
  expect(() => plan(1, 'II', '1.0')).toThrow(/lot size 1/);
});

test('every shipped table loads and every arrow leads to a plan', () => {
  for (const scheme of Object.values(SCHEMES))
    for (const file of [scheme.normal, scheme.tightened, scheme.reduced])
      expect(loadSamplingTable(join(SAMPLING_DATA_DIR, file)).rows.length).toBeGreaterThanOrEqual(16);
});

test('a broken table names the file, the place and the fault', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sampling-'));
  const good = JSON.parse(readFileSync(join(SAMPLING_DATA_DIR, 'single-normal.json'), 'utf8'));
  const write = (mutate: (t: typeof good) => void) => {
    const copy = structuredClone(good);
    mutate(copy);
    const file = join(dir, 'table.json');
    writeFileSync(file, JSON.stringify(copy));
    return () => loadSamplingTable(file);
  };
  expect(
    write((t) => {
      t.rows[0].cells = t.rows[0].cells.replace('0/1', '1/1');
    }),
  ).toThrow(/rows\/0\/cells: plan 1\/1: Re must exceed Ac/);
  expect(
    write((t) => {
      t.rows[15].cells = t.rows[15].cells.replace(/^↑/, '↓');
    }),
  ).toThrow(/arrow of R at AQL 0.010 leads out of the table/);
  expect(
    write((t) => {
      t.rows[2].cells += ' 1/2';
    }),
  ).toThrow(/27 cells, one per AQL column \(26\)/);
  expect(
    write((t) => {
      t.rows[1].letter = 'I';
    }),
  ).toThrow(SamplingDataError);
});
