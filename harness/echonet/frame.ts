// The ECHONET Lite frame model. ECHONET Lite 1.14 part 2 §3.2:
//   EHD1 (0x10) EHD2 (0x81 Format 1 "specified" | 0x82 Format 2 "arbitrary") TID (2) EDATA
// Format 1 EDATA: SEOJ (3) DEOJ (3) ESV (1) OPC (1) OPC × (EPC, PDC, EDT[PDC]);
// SetGet family: ESV OPCSet × (EPC, PDC, EDT) OPCGet × (EPC, PDC, EDT).
import type { Eoj } from './eoj.ts';
import type { SetGetEsv, SimpleEsv } from './esv.ts';

export const EHD1_ECHONET_LITE = 0x10;
export const EHD2_FORMAT1 = 0x81;
export const EHD2_FORMAT2 = 0x82;

/** One (EPC, PDC, EDT) triple; PDC is `edt.length`. */
export interface Property {
  readonly epc: number;
  readonly edt: Uint8Array;
}

export interface Format1Header {
  readonly format: 1;
  readonly tid: number;
  readonly seoj: Eoj;
  readonly deoj: Eoj;
}

export interface SimpleFrame extends Format1Header {
  readonly esv: SimpleEsv;
  readonly properties: readonly Property[];
}

export interface SetGetFrame extends Format1Header {
  readonly esv: SetGetEsv;
  readonly setProperties: readonly Property[];
  readonly getProperties: readonly Property[];
}

/** Format 2: EDATA is opaque to this codec. */
export interface ArbitraryFrame {
  readonly format: 2;
  readonly tid: number;
  readonly edata: Uint8Array;
}

export type Format1Frame = SimpleFrame | SetGetFrame;
export type Frame = Format1Frame | ArbitraryFrame;

export function isSetGetFrame(frame: Frame): frame is SetGetFrame {
  return frame.format === 1 && 'setProperties' in frame;
}

/** A property as it appears in a request to read: PDC = 0, no EDT. */
export function propertyRequest(epc: number): Property {
  return { epc, edt: new Uint8Array(0) };
}
