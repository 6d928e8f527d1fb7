// A reproducible mix of B-route frames for benchmarks: every ESV, 1–6 properties (the meter OPC limit),
// EDTs from 0 to 194 bytes (an E2 history), as a meter and a HEMS controller exchange them.
import fc from 'fast-check';
import { ALL_ESVS, isSetGetEsv } from '../harness/echonet/esv.ts';
import type { Frame, Property } from '../harness/echonet/frame.ts';
import { type PropertyPart, pdcRule } from '../harness/echonet/property-rules.ts';

const EDT_SIZES = [1, 1, 2, 4, 4, 4, 7, 11, 15, 17, 194];

function property(esv: number, part: PropertyPart): fc.Arbitrary<Property> {
  const rule = pdcRule(esv, part);
  const size = rule?.allowsPdc(0) ? fc.constant(0) : fc.constantFrom(...EDT_SIZES);
  return fc.record({
    epc: fc.integer({ min: 0x80, max: 0xff }),
    edt: size.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
  });
}

function trafficFrame(): fc.Arbitrary<Frame> {
  const meter = { classGroup: 0x02, classCode: 0x88, instance: 0x01 };
  const hems = { classGroup: 0x05, classCode: 0xff, instance: 0x01 };
  return fc
    .tuple(fc.constantFrom(...ALL_ESVS), fc.integer({ min: 0, max: 0xffff }), fc.boolean())
    .chain(([esv, tid, fromMeter]) => {
      const [seoj, deoj] = fromMeter ? [meter, hems] : [hems, meter];
      const list = (part: PropertyPart, min: number) =>
        fc.array(property(esv, part), { minLength: min, maxLength: 6 });
      if (isSetGetEsv(esv)) {
        return fc.tuple(list('set', 1), list('get', 1)).map(
          ([setProperties, getProperties]): Frame => ({
            format: 1,
            tid,
            seoj,
            deoj,
            esv,
            setProperties,
            getProperties,
          }),
        );
      }
      return list('only', 1).map((properties): Frame => ({ format: 1, tid, seoj, deoj, esv, properties }));
    });
}

export function sampleTraffic(count: number, seed = 3610): Frame[] {
  return fc.sample(trafficFrame(), { numRuns: count, seed });
}
