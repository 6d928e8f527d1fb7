// Property value change announcements (ECHONET Lite 1.14 part 2 §4.3.1 and APPENDIX, the 0x9D map): a
// property in an object's announcement map whose value a request changed is announced by INF. The
// values are taken before the request is answered and compared after.
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';
import { toHex } from '../../echonet/hex.ts';
import type { DeviceObject } from './device-object.ts';

/** Snapshots the announced EPCs `request` writes; the returned function gives those whose value changed. */
export function watchChanges(request: Format1Frame, object: DeviceObject): () => Property[] {
  const written =
    'setProperties' in request
      ? request.setProperties
      : request.esv === ESV.SetC || request.esv === ESV.SetI
        ? request.properties
        : [];
  const watched = written.map((p) => p.epc).filter((epc) => object.announceMap.includes(epc));
  if (watched.length === 0) return () => [];
  const before = new Map(watched.map((epc) => [epc, hexOf(object.read(epc))]));
  return () =>
    [...before].flatMap(([epc, was]) => {
      const now = object.read(epc);
      return now !== undefined && toHex(now) !== was ? [{ epc, edt: now }] : [];
    });
}

const hexOf = (edt: Uint8Array | undefined) => (edt === undefined ? undefined : toHex(edt));
