// Which arriving frame is the reply to a request (ECHONET Lite 1.14 part 2 §3.2.2–3.2.5): the same TID,
// SEOJ the addressed object and DEOJ the requester's object, and an ESV that answers the request's ESV
// (table 3-10/3-11). Anything else is not the reply, however it looks: a stale or repeated reply keeps
// the TID of its own request, and another controller's traffic has another TID or EOJ.
import { addresses, sameEoj } from './eoj.ts';
import { ESV, esvInfo } from './esv.ts';
import type { Format1Frame, Frame, Property } from './frame.ts';

/** True when `frame` answers `request` on every header field. */
export function answersRequest(request: Format1Frame, frame: Frame): frame is Format1Frame {
  return frame.format === 1 && matchedFields(request, frame) === 4;
}

/**
 * A frame that answers the request on all but one of TID, EOJs, ESV and EPC list: a reply that breaks
 * one header rule (the case then FAILs on that rule), never another request's reply or a notification.
 */
export function nearlyAnswers(request: Format1Frame, frame: Frame): boolean {
  if (frame.format !== 1) return false;
  const role = esvInfo(frame.esv)?.role;
  if (role === 'request' || frame.esv === ESV.INFC) return false;
  return matchedFields(request, frame) === 3;
}

/** The TID of bytes the strict decoder rejects, when the header can still be read (EHD 0x10 0x81/0x82). */
export function readableTid(bytes: Uint8Array): number | undefined {
  if (bytes.length < 4 || bytes[0] !== 0x10 || (bytes[1] !== 0x81 && bytes[1] !== 0x82)) return undefined;
  return ((bytes[2] as number) << 8) | (bytes[3] as number);
}

function matchedFields(request: Format1Frame, frame: Format1Frame): number {
  const allowed = esvInfo(request.esv)?.reply;
  const esvOk = allowed !== undefined && (frame.esv === allowed.ok || frame.esv === allowed.sna);
  const eojOk = addresses(request.deoj, frame.seoj) && sameEoj(frame.deoj, request.seoj);
  return Number(frame.tid === request.tid) + Number(eojOk) + Number(esvOk) + Number(sameEpcs(request, frame));
}

function sameEpcs(request: Format1Frame, frame: Format1Frame): boolean {
  const epcs = (f: Format1Frame) =>
    ('properties' in f ? f.properties : [...f.setProperties, ...f.getProperties])
      .map((p: Property) => p.epc)
      .join(',');
  return epcs(request) === epcs(frame);
}
