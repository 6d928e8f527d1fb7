import fc from 'fast-check';
import type { Eoj } from '../echonet/eoj.ts';

/** Any 3-byte EOJ, with the smart-meter objects and instance 0x00 over-represented. */
export function eojArbitrary(): fc.Arbitrary<Eoj> {
  const known = fc.constantFrom<Eoj>(
    { classGroup: 0x02, classCode: 0x88, instance: 0x01 },
    { classGroup: 0x02, classCode: 0x8a, instance: 0x01 },
    { classGroup: 0x05, classCode: 0xff, instance: 0x01 },
    { classGroup: 0x0e, classCode: 0xf0, instance: 0x01 },
    { classGroup: 0x02, classCode: 0x88, instance: 0x00 },
  );
  const byte = fc.integer({ min: 0, max: 0xff });
  const any = fc.record({ classGroup: byte, classCode: byte, instance: byte });
  return fc.oneof({ arbitrary: known, weight: 1 }, { arbitrary: any, weight: 3 });
}
