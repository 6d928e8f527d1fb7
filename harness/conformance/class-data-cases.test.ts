// The generator of suites/generated/: class data in, case descriptions out. A class added as JSON data
// (here a made-up Release S class in a temp folder) gives its cases and clauses with no TypeScript change;
// ids depend on class, EPC and rule alone; gates follow the profile's declared maps.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { CLASS_DATA_DIR, loadClassRegistry } from '../classes/load-classes.ts';
import { fromHex, toHex } from '../echonet/hex.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { generatedCases } from './class-data-cases.ts';
import { classDataClauses } from './class-data-clauses.ts';
import { otherValidValue, outOfRangeValues, valueProblem } from './class-data-values.ts';
import { clauses } from './clauses.ts';

const SOURCE = 'APPENDIX Release S (made up for this test), class 0x0287, EPC 0xE0';

/** A temp class data folder: the shipped super class plus one new class of a later release. */
function withNewRelease(): string {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-classes-'));
  copyFileSync(join(CLASS_DATA_DIR, 'super-class-0x0000.json'), join(dir, 'super-class-0x0000.json'));
  const property = (epc: string, set: string, extra: object) => ({
    epc,
    name: { ja: '試験', en: `test property ${epc}` },
    size: { fixed: 1 },
    type: 'uint',
    access: { get: 'required', set, anno: 'optional' },
    since: 'S',
    source: SOURCE,
    ...extra,
  });
  const data = {
    classCode: '0x0287',
    name: { ja: '試験クラス', en: 'test class' },
    release: 'S',
    inherits: '0x0000',
    source: 'APPENDIX Release S (made up for this test)',
    properties: [
      property('0xE0', 'none', { range: { min: 0, max: 9 } }),
      property('0xE1', 'required', { range: { min: 1, max: 5 } }),
    ],
  };
  writeFileSync(join(dir, 'test-0x0287.json'), JSON.stringify(data));
  return dir;
}

test('a class added as JSON data gives cases, each citing a clause of its entry', () => {
  const dir = withNewRelease();
  try {
    const registry = loadClassRegistry(dir);
    const cases = generatedCases(registry);
    const ids = cases.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'GEN-0287-E0-GET-001',
        'GEN-0287-E0-NOSET-001',
        'GEN-0287-E1-GET-001',
        'GEN-0287-E1-SET-001',
        'GEN-0287-81-ANNO-001',
      ]),
    );
    expect(ids).not.toContain('GEN-0287-E0-SET-001'); // not settable
    expect(ids).not.toContain('GEN-0287-E1-NOSET-001'); // Set required
    const registered = classDataClauses(registry);
    const e0 = cases.find((c) => c.id === 'GEN-0287-E0-GET-001')!;
    expect(e0.specRef).toBe('APPX-S/0287/E0/entry');
    expect(registered.get(e0.specRef)?.reference).toContain('Release S');
    expect(registered.get(e0.specRef)?.reference).toContain(SOURCE);
    // an inherited EPC cites the super class's entry
    expect(cases.find((c) => c.id === 'GEN-0287-81-ANNO-001')?.specRef).toBe('APPX-R/0000/81/entry');
    for (const c of cases) expect(registered.has(c.specRef), c.id).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the shipped data: unique ids, every specRef in the clause registry, one catch or a reason each', () => {
  const cases = generatedCases(loadClassRegistry());
  expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  for (const c of cases) {
    expect(clauses().has(c.specRef), c.id).toBe(true);
    expect(c.catches.length > 0 || Boolean(c.noFaultBecause), c.id).toBe(true);
  }
  expect(cases.find((c) => c.id === 'GEN-0288-8A-GET-001')?.catches).toEqual(['get-edt-one-byte-short-0x8a']);
  expect(cases.find((c) => c.id === 'GEN-0288-E5-SET-001')?.severity).toBe('major');
});

test('gates: NA with the reason where the profile does not declare the EPC or its class', () => {
  const lv = loadProfile('profiles/reference-lv-meter.json').profile;
  const byId = new Map(generatedCases(loadClassRegistry()).map((c) => [c.id, c]));
  const gate = (id: string) => byId.get(id)!.applies(lv);
  expect(gate('GEN-0288-E7-GET-001')).toBe(true);
  expect(gate('GEN-0288-E7-NOSET-001')).toBe(true);
  expect(gate('GEN-0288-E5-SET-001')).toBe(true);
  expect(gate('GEN-0288-81-ANNO-001')).toBe(true);
  expect(gate('GEN-0288-D3-GET-001')).toBe(true);
  expect(gate('GEN-0288-83-GET-001')).toBe('the profile does not declare 0x83 in its Get map (0x9F)');
  expect(gate('GEN-0288-80-ANNO-001')).toContain('the case cannot change 0x80');
  expect(gate('GEN-028A-E7-GET-001')).toBe('the profile declares no 0x028A object');
});

test('values from an entry: in range, another valid one, one outside', () => {
  const e5 = loadClassRegistry().property(0x0288, 0xe5)!;
  expect(valueProblem(e5, Uint8Array.of(99))).toBeUndefined();
  expect(valueProblem(e5, Uint8Array.of(0xff))).toBeUndefined(); // the sentinel
  expect(valueProblem(e5, Uint8Array.of(100))).toContain('range');
  expect(valueProblem(e5, Uint8Array.of(1, 2))).toContain('size');
  expect(otherValidValue(e5, Uint8Array.of(0xff))).toEqual(Uint8Array.of(0));
  expect(otherValidValue(e5, Uint8Array.of(0))).toEqual(Uint8Array.of(99));
  expect(outOfRangeValues(e5, Uint8Array.of(0))).toEqual([Uint8Array.of(100)]);
  const e1 = loadClassRegistry().property(0x0288, 0xe1)!; // codes 00–04, 0A–0D
  expect(outOfRangeValues(e1, Uint8Array.of(1))).toEqual([Uint8Array.of(5)]);
  const location = loadClassRegistry().property(0x0288, 0x81)!;
  expect(otherValidValue(location, Uint8Array.of(0))).toEqual(Uint8Array.of(1));
});

test('values of a selector structure: the boundary before now, n at a bound; one field out at a time', () => {
  const registry = loadClassRegistry();
  const now = Date.parse('2026-06-15T12:10:05+09:00');
  const ed = registry.property(0x0288, 0xed)!; // start :00/:30, n 1..12
  const valid = otherValidValue(ed, fromHex('FFFFFFFFFFFF01'), now)!;
  expect(toHex(valid)).toBe('07EA060F0B1E0C'); // 2026-06-15 11:30, n = 12
  expect(valueProblem(ed, valid)).toBeUndefined();
  expect(outOfRangeValues(ed, valid).map((v) => toHex(v))).toEqual(['07EA060F0B1F0C', '07EA060F0B1E0D']);
  const ef = registry.property(0x0288, 0xef)!; // any minute, n 1..10
  const efValid = otherValidValue(ef, fromHex('07EA060F0B1E0A'), now)!;
  expect(toHex(efValid)).toBe('07EA060F0C0901'); // 12:09, n back to 1 from 10
  expect(outOfRangeValues(ef, efValid).map((v) => toHex(v))).toEqual(['07EA060F0C090B']);
  expect(otherValidValue(ef, efValid)).toBeUndefined(); // no instant given: no valid selector
});
