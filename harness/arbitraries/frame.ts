import fc from 'fast-check';
import { ALL_ESVS, ESV, isSetGetEsv, type SetGetEsv, type SimpleEsv } from '../echonet/esv.ts';
import type { ArbitraryFrame, Frame, SetGetFrame, SimpleFrame } from '../echonet/frame.ts';
import { eojArbitrary } from './eoj.ts';
import { propertyListArbitrary } from './property.ts';

const tid = () => fc.integer({ min: 0, max: 0xffff });

/** The Format 1 header fields of a frame with the given ESV. */
function header<E extends number>(esv: E) {
  return {
    format: fc.constant(1 as const),
    tid: tid(),
    seoj: eojArbitrary(),
    deoj: eojArbitrary(),
    esv: fc.constant(esv),
  };
}

export function simpleFrameArbitrary(): fc.Arbitrary<SimpleFrame> {
  const codes = ALL_ESVS.filter((code): code is SimpleEsv => !isSetGetEsv(code));
  return fc.constantFrom(...codes).chain((esv) =>
    fc.record({
      ...header(esv),
      properties: propertyListArbitrary(esv, 'only'),
    }),
  );
}

export function setGetFrameArbitrary(): fc.Arbitrary<SetGetFrame> {
  return fc.constantFrom<SetGetEsv>(ESV.SetGet, ESV.SetGet_Res, ESV.SetGet_SNA).chain((esv) =>
    fc.record({
      ...header(esv),
      // OPCSet ≥ 1 except in SetGet_SNA (§3.2.5.2)
      setProperties: propertyListArbitrary(esv, 'set', esv === ESV.SetGet_SNA ? 0 : 1),
      getProperties: propertyListArbitrary(esv, 'get'),
    }),
  );
}

export function arbitraryFormatFrameArbitrary(): fc.Arbitrary<ArbitraryFrame> {
  return fc.record({ format: fc.constant(2 as const), tid: tid(), edata: fc.uint8Array({ maxLength: 64 }) });
}

/** Any frame the strict decoder must accept: every ESV, OPC 0–255, the SetGet family and Format 2. */
export function validFrameArbitrary(): fc.Arbitrary<Frame> {
  return fc.oneof(
    { arbitrary: simpleFrameArbitrary(), weight: 6 },
    { arbitrary: setGetFrameArbitrary(), weight: 3 },
    { arbitrary: arbitraryFormatFrameArbitrary(), weight: 1 },
  );
}
