// Fault switches that break one frame-level rule of a reply (harness/devices/faults.ts lists them all).
import { classOf, type Eoj, eoj } from '../../echonet/eoj.ts';
import { ESV, esvInfo, isSetGetEsv } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';
import { toHex } from '../../echonet/hex.ts';

/** The reply as a faulty device would send it, or undefined when the fault makes it stay silent. */
export function applyFrameFaults(
  request: Format1Frame,
  reply: Format1Frame,
  faults: ReadonlySet<string>,
): Format1Frame | undefined {
  if (faults.size === 0) return reply;
  if (faults.has('silent-on-get') && request.esv === ESV.Get) return undefined;
  let out: Format1Frame = reply;
  if (faults.has('tid-not-echoed')) out = { ...out, tid: (request.tid + 1) & 0xffff };
  if (faults.has('eoj-not-swapped')) out = { ...out, seoj: request.seoj, deoj: request.deoj };
  // §3.2.5: SetGet_Res when every write and read succeeds (elemu answers every SetGet with SetGet_SNA)
  if (faults.has('setget-always-sna') && out.esv === ESV.SetGet_Res) out = { ...out, esv: ESV.SetGet_SNA };
  if ('properties' in out) {
    const properties = out.properties;
    if (faults.has('get-sna-pdc-nonzero') && out.esv === ESV.Get_SNA) {
      out = {
        ...out,
        properties: properties.map((p) => (p.edt.length === 0 ? { epc: p.epc, edt: Uint8Array.of(0) } : p)),
      };
    }
    if (faults.has('setc-sna-no-echo') && out.esv === ESV.SetC_SNA) {
      out = { ...out, properties: properties.map(noEdt) };
    }
    // APPENDIX super class 0x8A (maker code) is 3 bytes; the fault sends 2 from a device object
    if (
      faults.has('get-edt-one-byte-short-0x8a') &&
      out.esv === ESV.Get_Res &&
      classOf(out.seoj) !== 0x0ef0
    ) {
      out = {
        ...out,
        properties: properties.map((p) => (p.epc === 0x8a ? { epc: p.epc, edt: p.edt.subarray(0, -1) } : p)),
      };
    }
    if (faults.has('get-res-as-inf') && out.esv === ESV.Get_Res) out = { ...out, esv: ESV.INF };
    // §3.2.5 table 3-11: a refused INF_REQ is answered with INF_SNA (0x53), not the Get_SNA (0x52) of a Get
    if (faults.has('inf-req-sna-as-get-sna') && out.esv === ESV.INF_SNA) out = { ...out, esv: ESV.Get_SNA };
  }
  return out;
}

/**
 * A reply a faulty device sends where none is due: an accepted SetI answered with Set_Res as if it were a
 * SetC (§3.2.5 table 3-10: an accepted SetI gets no reply), from `seoj`, the object written.
 */
export function replyWhereNoneIsDue(
  request: Format1Frame,
  seoj: Eoj,
  faults: ReadonlySet<string>,
): Format1Frame | undefined {
  if (!faults.has('seti-accepted-answered') || request.esv !== ESV.SetI || !('properties' in request))
    return undefined;
  const properties = request.properties.map(noEdt);
  return { format: 1, tid: request.tid, seoj, deoj: request.seoj, esv: ESV.Set_Res, properties };
}

const noEdt = (p: Property): Property => ({ epc: p.epc, edt: new Uint8Array(0) });

/**
 * The reply a faulty device sends to bytes its strict decoder rejects, where §3.2.5 has it discard them:
 * the SNA of the request's service naming its first EPC with PDC 0, as elemu answers a parse error.
 * Undefined when the fault is off or the bytes hold no Format 1 request header and EPC.
 */
export function replyToMalformed(bytes: Uint8Array, faults: ReadonlySet<string>): Format1Frame | undefined {
  if (!faults.has('malformed-answered') || bytes.length < 13 || bytes[0] !== 0x10 || bytes[1] !== 0x81)
    return undefined;
  const sna = esvInfo(bytes[10] as number)?.reply?.sna;
  if (sna === undefined || isSetGetEsv(sna)) return undefined;
  return {
    format: 1,
    tid: ((bytes[2] as number) << 8) | (bytes[3] as number),
    seoj: eoj(toHex(bytes.subarray(7, 10))),
    deoj: eoj(toHex(bytes.subarray(4, 7))),
    esv: sna,
    properties: [{ epc: bytes[12] as number, edt: new Uint8Array(0) }],
  };
}
