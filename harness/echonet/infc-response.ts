// The INFC_Res to an INFC (ECHONET Lite 1.14 part 2 §3.2.5, table 3-10): the same TID, from the addressed
// object back to the sender, each notified EPC with PDC = 0.
import type { Eoj } from './eoj.ts';
import { ESV } from './esv.ts';
import type { SimpleFrame } from './frame.ts';

/** `seoj` defaults to the object the INFC addressed. */
export function infcResponse(infc: SimpleFrame, seoj: Eoj = infc.deoj): SimpleFrame {
  return {
    format: 1,
    tid: infc.tid,
    seoj,
    deoj: infc.seoj,
    esv: ESV.INFC_Res,
    properties: infc.properties.map((p) => ({ epc: p.epc, edt: new Uint8Array(0) })),
  };
}
