import fc from 'fast-check';
import { encodeFrame } from '../echonet/encode.ts';
import { type Eoj, eoj, HEMS_CONTROLLER } from '../echonet/eoj.ts';
import { ESV, type SimpleEsv } from '../echonet/esv.ts';
import { hostileBytesArbitrary } from './mutated-bytes.ts';
import { propertyListArbitrary } from './property.ts';

/**
 * What a device may be sent: requests from the controller 05FF01 aimed at `object`, at its instance 0x00,
 * at the node profile or at a stranger (Get, SetC, SetI, INF_REQ with up to 8 random properties; SetGet
 * with up to 3 + 3), mixed with hostile bytes (random, mutated frames, headers with garbage).
 */
export function deviceInputArbitrary(object: Eoj): fc.Arbitrary<Uint8Array> {
  const deoj = fc.constantFrom(object, { ...object, instance: 0 }, eoj('0EF001'), eoj('013001'));
  const simple = fc.constantFrom<SimpleEsv>(ESV.Get, ESV.SetC, ESV.SetI, ESV.INF_REQ).chain((esv) =>
    fc.record({ deoj, tid: fc.nat(0xffff), properties: propertyListArbitrary(esv, 'only', 1) }).map((r) =>
      encodeFrame({
        format: 1,
        tid: r.tid,
        seoj: HEMS_CONTROLLER,
        deoj: r.deoj,
        esv,
        properties: r.properties.slice(0, 8),
      }),
    ),
  );
  const setGet = fc
    .record({
      deoj,
      tid: fc.nat(0xffff),
      set: propertyListArbitrary(ESV.SetGet, 'set', 1),
      get: propertyListArbitrary(ESV.SetGet, 'get', 1),
    })
    .map((r) =>
      encodeFrame({
        format: 1,
        tid: r.tid,
        seoj: HEMS_CONTROLLER,
        deoj: r.deoj,
        esv: ESV.SetGet,
        setProperties: r.set.slice(0, 3),
        getProperties: r.get.slice(0, 3),
      }),
    );
  return fc.oneof(
    { arbitrary: simple, weight: 4 },
    { arbitrary: setGet, weight: 1 },
    { arbitrary: hostileBytesArbitrary(), weight: 3 },
  );
}
