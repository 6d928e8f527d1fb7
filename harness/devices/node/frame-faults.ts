// Fault switches that break one frame-level rule of a reply (harness/devices/faults.ts lists them all).
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame, Property } from '../../echonet/frame.ts';

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
    if (faults.has('get-res-as-inf') && out.esv === ESV.Get_Res) out = { ...out, esv: ESV.INF };
  }
  return out;
}

const noEdt = (p: Property): Property => ({ epc: p.epc, edt: new Uint8Array(0) });
