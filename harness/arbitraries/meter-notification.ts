import fc from 'fast-check';
import { encodeFrame } from '../echonet/encode.ts';
import { eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import type { ESV } from '../echonet/esv.ts';
import { propertyListArbitrary } from './property.ts';

/** INF or INFC from the LV meter object 028801 to the controller 05FF01: 1–4 random properties, any TID. */
export function meterNotificationArbitrary(esv: typeof ESV.INF | typeof ESV.INFC): fc.Arbitrary<Uint8Array> {
  return fc.record({ tid: fc.nat(0xffff), properties: propertyListArbitrary(esv, 'only', 1) }).map((r) =>
    encodeFrame({
      format: 1,
      tid: r.tid,
      seoj: eoj('028801'),
      deoj: HEMS_CONTROLLER,
      esv,
      properties: r.properties.slice(0, 4),
    }),
  );
}
