// Cross-check against an independent implementation: the `echonet-lite` package (2.16.2) must read every
// generated valid frame as our strict decoder does. Its known differences, each modelled precisely:
//  1. frames under 14 bytes (OPC 0, or SetGet with OPCSet + OPCGet = 0) are refused: parseBytes → null;
//  2. Format 2: no TID field, the TID is the first 2 bytes of its AMF;
//  3. DETAILs is keyed by EPC, so of a repeated EPC only the last value is kept;
//  4. SetGet family: only OPCSet properties are parsed (the Get part stays in DETAIL, unparsed);
//  5. EPC 0x9D/0x9E/0x9F with PDC ≥ 17 is re-encoded as [bit count, EPCs of bitmap bytes 1–16].
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from '@playwright/test';
import fc from 'fast-check';
import { validFrameArbitrary } from '../arbitraries/frame.ts';
import { decodeOrThrow } from './decode-strict.ts';
import { encodeFrame } from './encode.ts';
import { eojHex } from './eoj.ts';
import type { Frame, Property } from './frame.ts';
import { toHex } from './hex.ts';

interface ElData {
  EHD: string;
  TID?: string;
  SEOJ?: string;
  DEOJ?: string;
  EDATA?: string;
  ESV?: string;
  OPC?: string;
  DETAIL?: string;
  DETAILs?: Record<string, string>;
  AMF?: string;
}

const el = createRequire(import.meta.url)('echonet-lite') as {
  parseBytes(bytes: ArrayLike<number>): ElData | null;
};
const hex = (bytes: Uint8Array) => toHex(bytes).toLowerCase();
const byte = (n: number) => n.toString(16).padStart(2, '0');

/** What echonet-lite makes of one EDT (difference 5). */
function theirEdt({ epc, edt }: Property): string {
  if ((epc === 0x9d || epc === 0x9e || epc === 0x9f) && edt.length >= 17) {
    const epcs: number[] = [];
    for (let bit = 0; bit < 8; bit++)
      for (let low = 0; low < 16; low++)
        if ((edt[1 + low] as number) & (1 << bit)) epcs.push(0x80 + 16 * bit + low);
    return [epcs.length, ...epcs].map(byte).join('');
  }
  return hex(edt);
}

function expectedDetails(properties: readonly Property[]): Record<string, string> {
  const details: Record<string, string> = {};
  for (const p of properties) details[byte(p.epc)] = theirEdt(p); // difference 3: last one wins
  return details;
}

function parseQuietly(bytes: Uint8Array): ElData | null {
  const log = console.error;
  console.error = () => {}; // parseBytes logs every frame it refuses (difference 1)
  try {
    return el.parseBytes(Buffer.from(bytes));
  } finally {
    console.error = log;
  }
}

function crossCheck(frame: Frame): void {
  const bytes = encodeFrame(frame);
  const ours = decodeOrThrow(bytes);
  const theirs = parseQuietly(bytes);
  const where = `frame ${toHex(bytes, ' ')}`;
  if (bytes.length < 14) {
    assert.equal(theirs, null, `${where}: echonet-lite refuses frames under 14 bytes`);
    return;
  }
  assert.ok(theirs, `${where}: echonet-lite returned nothing`);
  if (ours.format === 2) {
    assert.deepEqual(
      theirs,
      { EHD: '1082', AMF: byte(ours.tid >> 8) + byte(ours.tid & 0xff) + hex(ours.edata) },
      where,
    );
    return;
  }
  const setGet = 'setProperties' in ours;
  const first = setGet ? ours.setProperties : ours.properties;
  assert.deepEqual(
    {
      EHD: theirs.EHD,
      TID: theirs.TID,
      SEOJ: theirs.SEOJ,
      DEOJ: theirs.DEOJ,
      ESV: theirs.ESV,
      OPC: theirs.OPC,
      EDATA: theirs.EDATA,
      DETAILs: theirs.DETAILs,
    },
    {
      EHD: '1081',
      TID: byte(ours.tid >> 8) + byte(ours.tid & 0xff),
      SEOJ: eojHex(ours.seoj).toLowerCase(),
      DEOJ: eojHex(ours.deoj).toLowerCase(),
      ESV: byte(ours.esv),
      OPC: byte(first.length),
      EDATA: hex(bytes.subarray(10)),
      DETAILs: expectedDetails(first), // difference 4: the Set part only
    },
    `${where}: the two decoders disagree`,
  );
}

test.describe('cross-check with the echonet-lite package', () => {
  test('both decoders agree on header, EOJs, ESV and every EPC/EDT of generated valid frames', () => {
    fc.assert(fc.property(validFrameArbitrary(), crossCheck), { numRuns: 3000 });
  });

  test('they agree on frames with property maps in Form 1 and Form 2', () => {
    const map = fc.subarray(
      Array.from({ length: 128 }, (_, i) => 0x80 + i),
      { minLength: 0, maxLength: 40 },
    );
    const frame = fc.tuple(fc.constantFrom(0x9d, 0x9e, 0x9f), map).map(([epc, epcs]): Frame => {
      const count = epcs.length;
      const edt =
        count < 16
          ? Uint8Array.from([count, ...epcs])
          : (() => {
              const out = new Uint8Array(17);
              out[0] = count;
              for (const e of epcs) out[1 + (e & 0x0f)]! |= 1 << ((e >> 4) - 8);
              return out;
            })();
      return {
        format: 1,
        tid: 1,
        seoj: { classGroup: 0x02, classCode: 0x88, instance: 1 },
        deoj: { classGroup: 0x05, classCode: 0xff, instance: 1 },
        esv: 0x72,
        properties: [{ epc, edt }],
      };
    });
    fc.assert(fc.property(frame, crossCheck), { numRuns: 500 });
  });
});
