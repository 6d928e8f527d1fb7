// The recorded real-meter frames and property dump (fixtures/real-meter/) decode to their documented values.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decodeOrThrow } from '../echonet/decode-strict.ts';
import { eojHex } from '../echonet/eoj.ts';
import { esvInfo } from '../echonet/esv.ts';
import type { Property } from '../echonet/frame.ts';
import { byteHex, fromHex } from '../echonet/hex.ts';
import { formatDateTime, type MeterDateTime } from '../echonet/values/date-time.ts';
import { decimalToString, scaleReading } from '../echonet/values/scaling.ts';
import { type DecodedValue, decodePropertyValue } from './decode-property-value.ts';
import { loadClassRegistry } from './load-classes.ts';

const registry = loadClassRegistry();
const LV = 0x0288;
const readJson = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/real-meter/${path}`, import.meta.url), 'utf8'));

function lvValue(epc: number, edt: Uint8Array): DecodedValue {
  const definition = registry.property(LV, epc);
  if (!definition) throw new Error(`class data 0x0288 has no EPC ${byteHex(epc)}`);
  const result = decodePropertyValue(definition, edt);
  if (!result.ok) throw result.error;
  return result.value;
}

const field = (value: DecodedValue, name: string) => (value as Record<string, DecodedValue>)[name];

test.describe('recorded real-meter frames (fixtures/real-meter/frames.json)', () => {
  const { frames } = readJson('frames.json') as {
    frames: Array<{
      id: string;
      hex: string;
      expect: Record<string, unknown> & { values?: Record<string, Record<string, number>> };
    }>;
  };

  for (const recorded of frames) {
    test(recorded.id, () => {
      const frame = decodeOrThrow(fromHex(recorded.hex));
      if (frame.format !== 1 || 'setProperties' in frame) throw new Error('expected a simple Format 1 frame');
      expect(esvInfo(frame.esv)?.symbol).toBe(recorded.expect.esv);
      if (recorded.expect.seoj) expect(eojHex(frame.seoj)).toBe(recorded.expect.seoj);
      if (recorded.expect.deoj) expect(eojHex(frame.deoj)).toBe(recorded.expect.deoj);
      if (recorded.expect.epcs)
        expect(frame.properties.map((p) => byteHex(p.epc).slice(2))).toEqual(recorded.expect.epcs);
      const byEpc = new Map<string, Property>(frame.properties.map((p) => [byteHex(p.epc).slice(2), p]));
      for (const [epc, expected] of Object.entries(recorded.expect.values ?? {})) {
        const property = byEpc.get(epc);
        if (!property) throw new Error(`${recorded.id}: no EPC ${epc} in the frame`);
        const value = lvValue(property.epc, property.edt);
        if ('watts' in expected) expect(value, `${epc} in W`).toBe(expected.watts);
        if ('raw' in expected) expect(value, `${epc} raw`).toBe(expected.raw);
        if ('rAmperes' in expected) expect(field(value, 'r'), `${epc} R phase in A`).toBe(expected.rAmperes);
        if ('tAmperes' in expected) expect(field(value, 't'), `${epc} T phase in A`).toBe(expected.tAmperes);
      }
      if (recorded.expect.refusedEpcs) {
        const refused = frame.properties.filter((p) => p.edt.length === 0).map((p) => byteHex(p.epc));
        expect(refused, 'EPCs with PDC = 0 in the SNA body').toEqual(recorded.expect.refusedEpcs);
      }
    });
  }
});

test.describe('Release F meter property dump (fixtures/real-meter/release-f-meter-dump.json)', () => {
  const dump = readJson('release-f-meter-dump.json') as { values: Record<string, string> };
  const value = (epc: string) => lvValue(Number.parseInt(epc, 16), fromHex(dump.values[epc] ?? ''));

  test('every recorded value decodes against the 0x0288 class data', () => {
    for (const epc of Object.keys(dump.values)) {
      if (epc === '9F') continue; // recorded after expansion to a Form 1 style list, see the fixture's description
      expect(() => value(epc), `EPC 0x${epc}`).not.toThrow();
    }
  });

  test('E7 = 158 W, E8 = 2.0 A with T phase "no data" (single-phase two-wire)', () => {
    expect(value('E7')).toBe(158);
    expect(field(value('E8'), 'r')).toBe(2.0);
    expect(field(value('E8'), 't')).toEqual({
      sentinel: '7FFE',
      meaning: expect.stringContaining('no data'),
    });
  });

  test('EA = 2021-09-23 09:30:00, 501639 × 0.01 kWh = 5016.39 kWh; E0 = 5016.45 kWh', () => {
    const ea = value('EA');
    expect(formatDateTime(field(ea, 'dateTime') as MeterDateTime)).toBe('2021-09-23 09:30:00');
    expect(field(ea, 'value')).toBe(501639);
    const unit = (value('E1') as { code: string }).code;
    expect(unit).toBe('02');
    const kWh = (raw: number) =>
      decimalToString(
        scaleReading({ raw, coefficient: value('D3') as number, unitCode: Number.parseInt(unit, 16) }),
      );
    expect(kWh(field(ea, 'value') as number)).toBe('5016.39');
    expect(kWh(value('E0') as number)).toBe('5016.45');
    expect(kWh(field(value('EB'), 'value') as number)).toBe('0.62');
  });

  test('E5 never set: E5 = 0xFF and E2 carries day 0x00FF and 48 no-data slots', () => {
    expect(value('E5')).toMatchObject({ sentinel: 'FF' });
    const e2 = value('E2');
    expect(field(e2, 'day')).toMatchObject({ sentinel: '00FF' });
    const slots = field(e2, 'slots') as DecodedValue[];
    expect(slots).toHaveLength(48);
    expect(slots.every((s) => (s as { sentinel?: string }).sentinel === 'FFFFFFFE')).toBe(true);
  });

  test('property maps 9D/9E decode as Form 1', () => {
    expect((value('9D') as number[]).map(byteHex)).toEqual(['0x80', '0x81', '0x88']);
    expect((value('9E') as number[]).map(byteHex)).toEqual(['0x81', '0xE5', '0xED']);
  });
});
