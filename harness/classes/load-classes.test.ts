import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ClassDataError } from './class-data-error.ts';
import { loadClassRegistry } from './load-classes.ts';

const RELEASE_R_LV_EPCS = [
  0xc0, 0xd0, 0xd3, 0xd7, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe7, 0xe8, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
];

test.describe('shipped class data (harness/classes/data)', () => {
  const registry = loadClassRegistry();

  test('has the node profile, super class, LV, HV and bidirectional HV meters and the controller', () => {
    const codes = registry.classes.map((c) => c.classCode).sort((a, b) => a - b);
    expect(codes).toEqual([0x0000, 0x0288, 0x028a, 0x028f, 0x05ff, 0x0ef0]);
  });

  test('0x0288 defines every Release R EPC and inherits the super class', () => {
    const own = [...(registry.get(0x0288)?.properties.keys() ?? [])];
    expect(own).toEqual(RELEASE_R_LV_EPCS);
    const all = registry.propertiesOf(0x0288);
    for (const epc of [0x80, 0x81, 0x82, 0x88, 0x8a, 0x9d, 0x9e, 0x9f])
      expect(all.has(epc), `inherited 0x${epc.toString(16)}`).toBe(true);
  });

  test('records the facts the suites rely on', () => {
    const lv = (epc: number) => registry.property(0x0288, epc);
    expect(lv(0xe7)).toMatchObject({ type: 'int', size: { fixed: 4 }, sentinels: [{ hex: '7FFFFFFE' }] });
    expect(lv(0xe2)).toMatchObject({
      atomicWith: 0xe5,
      size: { fixed: 194 },
      scaledBy: { coefficient: 0xd3, unit: 0xe1 },
    });
    expect(lv(0xe4)?.access.get).toBe('required_c');
    expect(lv(0xee)).toMatchObject({ atomicWith: 0xef, since: 'R', size: { min: 15, max: 87, step: 8 } });
    expect(lv(0xe5)).toMatchObject({
      access: { get: 'required', set: 'required' },
      range: { min: 0, max: 99 },
    });
    expect(lv(0xef)?.access).toMatchObject({ get: 'required', set: 'required' });
    const hv = (epc: number) => registry.property(0x028a, epc);
    expect(hv(0xe7)).toMatchObject({ atomicWith: 0xe1, size: { fixed: 194 } });
    expect(hv(0xe1)?.access.set).toBe('required');
    expect(registry.property(0x0ef0, 0xd5)?.access.anno).toBe('required');
    const hb = (epc: number) => registry.property(0x028f, epc);
    expect(hb(0xd0)).toMatchObject({ access: { get: 'required' }, size: { fixed: 15 }, since: 'R' });
    expect(hb(0xeb)).toMatchObject({
      size: { fixed: 8 },
      sentinels: [{ hex: '7FFFFFFE' }, { hex: '7FFFFFFE' }],
    });
    expect(hb(0xed)).toMatchObject({ atomicWith: 0xef, size: { min: 15, max: 87, step: 8 } });
    expect(hb(0xee)?.atomicWith).toBe(0xef);
    expect(hb(0xef)?.access).toMatchObject({ get: 'required', set: 'required' });
  });

  test('cites a source for every property', () => {
    for (const definition of registry.classes) {
      for (const property of definition.properties.values())
        expect(property.source.length, `${definition.file} 0x${property.epc.toString(16)}`).toBeGreaterThan(
          10,
        );
    }
  });
});

test.describe('broken class data files', () => {
  const good = {
    classCode: '0x0288',
    name: { ja: '低圧スマート電力量メータ', en: 'Low-voltage smart electric energy meter' },
    release: 'R',
    source: 'test',
    properties: [
      {
        epc: '0xE5',
        name: { ja: '積算履歴収集日1', en: 'Day for historical data 1' },
        size: { fixed: 1 },
        type: 'uint',
        access: { get: 'required', set: 'required', anno: 'optional' },
        since: 'F',
        source: 'test',
      },
      {
        epc: '0xE2',
        name: { ja: '履歴', en: 'History' },
        size: { fixed: 194 },
        type: 'raw',
        access: { get: 'required', set: 'none', anno: 'optional' },
        since: 'F',
        atomicWith: '0xE5',
        source: 'test',
      },
    ],
  };

  function loadWith(
    edit: (data: typeof good & Record<string, unknown>) => unknown,
    raw?: string,
  ): ClassDataError {
    const dir = mkdtempSync(join(tmpdir(), 'smcert-classes-'));
    try {
      const data = structuredClone(good) as typeof good & Record<string, unknown>;
      const edited = edit(data) ?? data;
      writeFileSync(join(dir, 'lv.json'), raw ?? JSON.stringify(edited));
      loadClassRegistry(dir);
    } catch (error) {
      if (error instanceof ClassDataError) return error;
      throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    throw new Error('the broken file loaded without an error');
  }

  test('the unbroken file loads', () => {
    expect(() => loadWith(() => undefined)).toThrow('the broken file loaded without an error');
  });

  test('bad JSON names the file', () => {
    const error = loadWith(() => undefined, '{ "classCode": ');
    expect(error.file).toMatch(/lv\.json$/);
    expect(error.problem).toMatch(/not readable JSON/);
  });

  test('a malformed EPC names its JSON pointer', () => {
    const error = loadWith((d) => {
      d.properties[0]!.epc = '0x7G';
    });
    expect(error.pointer).toBe('/properties/0/epc');
    expect(error.message).toMatch(/lv\.json: at \/properties\/0\/epc: must match pattern/);
  });

  test('a misspelt key is named with the fix', () => {
    const error = loadWith((d) => {
      (d.properties[1] as Record<string, unknown>).atomicwith = '0xE5';
    });
    expect(error.pointer).toBe('/properties/1');
    expect(error.problem).toMatch(/'atomicwith' \(remove it or fix its spelling\)/);
  });

  test('a duplicate EPC', () => {
    const error = loadWith((d) => {
      d.properties[1]!.epc = '0xE5';
    });
    expect(error.pointer).toBe('/properties/1/epc');
    expect(error.problem).toMatch(/defined twice/);
  });

  test('an atomic partner that does not exist', () => {
    const error = loadWith((d) => {
      d.properties[1]!.atomicWith = '0xE6';
    });
    expect(error.pointer).toBe('/properties/1/atomicWith');
    expect(error.problem).toMatch(/0xE6/);
  });

  test('a sentinel whose size does not match the value', () => {
    const error = loadWith((d) => {
      (d.properties[0] as Record<string, unknown>).sentinels = [{ hex: 'FFFF', meaning: 'unset' }];
    });
    expect(error.pointer).toBe('/properties/0/sentinels/0/hex');
  });

  test('required_c without its condition', () => {
    const error = loadWith((d) => {
      d.properties[1]!.access.get = 'required_c';
    });
    expect(error.problem).toMatch(/needs a "condition"/);
  });

  test('inheriting a class no file defines', () => {
    const error = loadWith((d) => ({ ...d, inherits: '0x0000' }));
    expect(error.pointer).toBe('/inherits');
  });
});
