// How an ECHONET object answers one request (ECHONET Lite 1.14 part 2 §3.2.5, SNA bodies per §4.2.3):
//   Get      → Get_Res; any refused EPC makes it Get_SNA, refused EPCs with PDC = 0
//   SetC     → Set_Res with PDC = 0; any refused EPC makes it SetC_SNA, refused EPCs echo PDC and EDT
//   SetI     → nothing; SetI_SNA (same echo rule) when any EPC is refused
//   INF_REQ  → INF with the values; INF_SNA (refused with PDC = 0) when any EPC is unreadable
//   SetGet   → SetGet_Res / SetGet_SNA combining both rules
import { ESV } from '../../echonet/esv.ts';
import type { Format1Frame, Property, SimpleFrame } from '../../echonet/frame.ts';
import type { DeviceObject } from './device-object.ts';

export interface AnswerOptions {
  /** Most properties one request may carry (AIF LV meter §2.4.4: a meter supports at least 6). */
  readonly opcLimit: number;
  /** Fault 'set-out-of-range-accepted': the settable EPCs whose refused values are answered as accepted. */
  readonly acceptRefusedValue?: (epc: number) => boolean;
  /** Fault 'noset-epc-set-accepted': a write of an EPC outside the Set map is answered as accepted. */
  readonly acceptUnsettable?: boolean;
  /** Fault 'utility-setting-from-b-route': a write outside the Set map reaches the object, which may take it. */
  readonly writeUnsettable?: boolean;
}

const EMPTY = new Uint8Array(0);

/** The reply to `request`, or undefined where none is due (SetI accepted, or not a request). */
export function answerRequest(
  request: Format1Frame,
  object: DeviceObject,
  options: AnswerOptions,
): Format1Frame | undefined {
  // built field by field: an object spread here cost more than the rest of the answer together
  const header: Header = { tid: request.tid, seoj: object.eoj, deoj: request.seoj };
  if ('setProperties' in request) {
    if (request.esv !== ESV.SetGet) return undefined;
    const over = request.setProperties.length + request.getProperties.length > options.opcLimit;
    const set = request.setProperties.map((p) => (over ? refusedWrite(p) : write(object, p, options)));
    const get = request.getProperties.map((p) => (over ? refusedRead(p.epc) : read(object, p.epc)));
    const allOk = [...set, ...get].every((a) => a.ok);
    return {
      format: 1,
      tid: header.tid,
      seoj: header.seoj,
      deoj: header.deoj,
      esv: allOk ? ESV.SetGet_Res : ESV.SetGet_SNA,
      setProperties: set.map((a) => a.property),
      getProperties: get.map((a) => a.property),
    };
  }
  const over = request.properties.length > options.opcLimit;
  switch (request.esv) {
    case ESV.Get:
    case ESV.INF_REQ: {
      const answers = request.properties.map((p) => (over ? refusedRead(p.epc) : read(object, p.epc)));
      const allOk = answers.every((a) => a.ok);
      const esv =
        request.esv === ESV.Get ? (allOk ? ESV.Get_Res : ESV.Get_SNA) : allOk ? ESV.INF : ESV.INF_SNA;
      return simple(header, esv, answers);
    }
    case ESV.SetC:
    case ESV.SetI: {
      const answers = request.properties.map((p) => (over ? refusedWrite(p) : write(object, p, options)));
      const allOk = answers.every((a) => a.ok);
      if (request.esv === ESV.SetI) return allOk ? undefined : simple(header, ESV.SetI_SNA, answers);
      return simple(header, allOk ? ESV.Set_Res : ESV.SetC_SNA, answers);
    }
    default:
      return undefined;
  }
}

interface Answer {
  readonly ok: boolean;
  readonly property: Property;
}

type Header = Pick<SimpleFrame, 'tid' | 'seoj' | 'deoj'>;

function simple(header: Header, esv: SimpleFrame['esv'], answers: Answer[]): SimpleFrame {
  const properties = answers.map((a) => a.property);
  return { format: 1, tid: header.tid, seoj: header.seoj, deoj: header.deoj, esv, properties };
}

function read(object: DeviceObject, epc: number): Answer {
  const edt = object.getMap.includes(epc) ? object.read(epc) : undefined;
  return edt === undefined ? refusedRead(epc) : { ok: true, property: { epc, edt } };
}

function write(object: DeviceObject, property: Property, options: AnswerOptions): Answer {
  const settable = object.setMap.includes(property.epc);
  // the faults answer as accepted without writing: the value stays as it was
  const accepted = settable
    ? object.write(property.epc, property.edt) || options.acceptRefusedValue?.(property.epc) === true
    : (options.acceptUnsettable === true && object.getMap.includes(property.epc)) ||
      (options.writeUnsettable === true && object.write(property.epc, property.edt));
  return accepted ? { ok: true, property: { epc: property.epc, edt: EMPTY } } : refusedWrite(property);
}

const refusedRead = (epc: number): Answer => ({ ok: false, property: { epc, edt: EMPTY } });
const refusedWrite = (property: Property): Answer => ({ ok: false, property });
