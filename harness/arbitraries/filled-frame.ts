import fc from 'fast-check';
import { encodeFrame } from '../echonet/encode.ts';
import type { Eoj } from '../echonet/eoj.ts';
import { ESV, type SimpleEsv } from '../echonet/esv.ts';
import type { Property } from '../echonet/frame.ts';
import { eojArbitrary } from './eoj.ts';

/** Format 1 header (EHD TID SEOJ DEOJ ESV OPC) and the smallest property (EPC, PDC = 1, one EDT byte). */
const HEADER = 12;
const SMALLEST_PROPERTY = 3;
/** EPC, PDC and 255 EDT bytes (ECHONET Lite 1.14 part 2 §3.2.5: PDC is one byte). */
const LARGEST_PROPERTY = 2 + 255;

export interface FilledFrameConstraints {
  /** Exact size of the encoded frame in bytes: 15 (one 1-byte property) to 65 537 (255 × 255-byte EDTs). */
  readonly length: number;
  /** Services to pick from; each must allow PDC ≥ 1 (default: writes, notifications, Get_Res, SNAs). */
  readonly esvs?: readonly SimpleEsv[];
  /** The object addressed (default: any EOJ). */
  readonly deoj?: Eoj;
}

const DEFAULT_ESVS: readonly SimpleEsv[] = [
  ESV.SetC,
  ESV.SetI,
  ESV.INF,
  ESV.INFC,
  ESV.Get_Res,
  ESV.SetC_SNA,
  ESV.Get_SNA,
];

/**
 * A well-formed Format 1 frame of exactly `length` bytes: as few properties as fit (at most 255), their
 * EDTs as even as can be, random EPCs and EDT bytes. The strict decoder accepts it; at the IPv4 UDP maximum
 * it is the largest request a node can be sent, and a refusal that echoes it is as large.
 */
export function filledFrameArbitrary(constraints: FilledFrameConstraints): fc.Arbitrary<Uint8Array> {
  const { length } = constraints;
  const room = length - HEADER;
  const count = Math.ceil(room / LARGEST_PROPERTY);
  if (!Number.isInteger(length) || room < SMALLEST_PROPERTY || count > 255) {
    throw new RangeError(
      `filledFrameArbitrary length must be an integer ${HEADER + SMALLEST_PROPERTY}..${HEADER + 255 * LARGEST_PROPERTY}, got ${length}`,
    );
  }
  // `count` properties share `room`: each gets ⌊room / count⌋ bytes, the first (room mod count) one more;
  // with count = ⌈room / 257⌉ every share is 3..257 bytes, i.e. PDC 1..255.
  const share = Math.floor(room / count);
  const longer = room % count;
  return fc
    .record({
      tid: fc.nat(0xffff),
      seoj: eojArbitrary(),
      deoj: constraints.deoj ? fc.constant(constraints.deoj) : eojArbitrary(),
      esv: fc.constantFrom(...(constraints.esvs ?? DEFAULT_ESVS)),
      epcs: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: count, maxLength: count }),
      edts: fc.uint8Array({ minLength: room - 2 * count, maxLength: room - 2 * count }),
    })
    .map((r) => {
      const properties: Property[] = [];
      let at = 0;
      for (const [i, epc] of r.epcs.entries()) {
        const pdc = share - 2 + (i < longer ? 1 : 0);
        properties.push({ epc, edt: r.edts.subarray(at, at + pdc) });
        at += pdc;
      }
      return encodeFrame({ format: 1, tid: r.tid, seoj: r.seoj, deoj: r.deoj, esv: r.esv, properties });
    });
}
