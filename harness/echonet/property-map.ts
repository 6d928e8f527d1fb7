// Property maps (EPC 0x9B, 0x9C, 0x9D, 0x9E, 0x9F). APPENDIX ECHONET device objects, 付録1
// "プロパティマップ記述形式":
// > byte 0 = number of properties N; N < 16: Form 1, the N EPCs follow (PDC = N + 1);
// > N ≥ 16: Form 2, a 16-byte bitmap follows (PDC = 17): EPC e is bit ((e >> 4) - 8) of byte 1 + (e & 0x0F).
import { byteHex } from './hex.ts';
import { bad, ok, type ValueResult } from './value-error.ts';

const CLAUSE = 'APPENDIX 1 property map description format';
export const FORM2_THRESHOLD = 16;

/** Encodes a set of EPCs (0x80–0xFF, duplicates ignored) in Form 1 below 16 properties, Form 2 from 16 on. */
export function encodePropertyMap(epcs: Iterable<number>): Uint8Array {
  const set = [...new Set(epcs)].sort((a, b) => a - b);
  for (const epc of set) {
    if (!Number.isInteger(epc) || epc < 0x80 || epc > 0xff) {
      throw new RangeError(`property map EPCs must be 0x80–0xFF, got ${epc}`);
    }
  }
  if (set.length < FORM2_THRESHOLD) return Uint8Array.from([set.length, ...set]);
  const out = new Uint8Array(17);
  out[0] = set.length;
  for (const epc of set) out[1 + (epc & 0x0f)]! |= 1 << ((epc >> 4) - 8);
  return out;
}

/** Decodes either form into the ascending list of EPCs, checking every count and length. */
export function decodePropertyMap(edt: Uint8Array): ValueResult<number[]> {
  if (edt.length === 0)
    return bad('property map', 0, 'a map holds at least its count byte', CLAUSE, '≥ 1 byte', '0 bytes');
  const count = edt[0] as number;
  if (count < FORM2_THRESHOLD) {
    if (edt.length !== count + 1) {
      return bad(
        'property map (Form 1)',
        0,
        'Form 1 length is count + 1',
        CLAUSE,
        `${count + 1} bytes`,
        `${edt.length} bytes`,
      );
    }
    const seen = new Set<number>();
    for (let i = 1; i <= count; i++) {
      const epc = edt[i] as number;
      if (epc < 0x80)
        return bad(
          'property map (Form 1)',
          i,
          'listed EPCs are 0x80–0xFF',
          CLAUSE,
          '0x80–0xFF',
          byteHex(epc),
        );
      if (seen.has(epc))
        return bad(
          'property map (Form 1)',
          i,
          'an EPC is listed once',
          CLAUSE,
          'no repeat',
          `${byteHex(epc)} again`,
        );
      seen.add(epc);
    }
    return ok([...seen].sort((a, b) => a - b));
  }
  if (edt.length !== 17) {
    return bad(
      'property map (Form 2)',
      0,
      `count ≥ ${FORM2_THRESHOLD} means Form 2: count + 16-byte bitmap`,
      CLAUSE,
      '17 bytes',
      `${edt.length} bytes`,
    );
  }
  const epcs: number[] = [];
  for (let bit = 0; bit < 8; bit++) {
    for (let low = 0; low < 16; low++) {
      if ((edt[1 + low] as number) & (1 << bit)) epcs.push(0x80 + (bit << 4) + low);
    }
  }
  if (epcs.length !== count) {
    return bad(
      'property map (Form 2)',
      0,
      'the count equals the number of bits set',
      CLAUSE,
      `${epcs.length} (bits set)`,
      `${count}`,
    );
  }
  return ok(epcs);
}
