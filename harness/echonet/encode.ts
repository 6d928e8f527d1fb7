// Encoder: refuses (throws) rather than produce a frame the strict decoder would reject.
// FrameError for a broken frame rule, RangeError for a value that does not fit its field at all.
import type { Eoj } from './eoj.ts';
import { ESV, esvName, isEsv, isSetGetEsv } from './esv.ts';
import {
  EHD1_ECHONET_LITE,
  EHD2_FORMAT1,
  EHD2_FORMAT2,
  type Frame,
  isSetGetFrame,
  type Property,
} from './frame.ts';
import { FrameError } from './frame-error.ts';
import { ruleEnabled, type StrictOptions } from './frame-rules.ts';
import { byteHex } from './hex.ts';
import { epcInRange, type PropertyPart, pdcRule } from './property-rules.ts';

export function encodeFrame(frame: Frame, options?: StrictOptions): Uint8Array {
  checkByteRange('TID', frame.tid, 0xffff);
  if (frame.format === 2) {
    const out = new Uint8Array(4 + frame.edata.length);
    out.set([EHD1_ECHONET_LITE, EHD2_FORMAT2, frame.tid >> 8, frame.tid & 0xff]);
    out.set(frame.edata, 4);
    return out;
  }
  checkEoj('SEOJ', frame.seoj);
  checkEoj('DEOJ', frame.deoj);
  const esv: number = frame.esv;
  if (!isEsv(esv)) throw new FrameError('esv.known', 'ESV', -1, 'a code of tables 3-9..3-11', esvName(esv));
  if (isSetGetEsv(esv) !== isSetGetFrame(frame)) {
    throw new RangeError(
      `${esvName(esv)}: SetGet, SetGet_Res and SetGet_SNA (and only they) take setProperties and getProperties`,
    );
  }

  const lists: Array<[PropertyPart, readonly Property[]]> = isSetGetFrame(frame)
    ? [
        ['set', frame.setProperties],
        ['get', frame.getProperties],
      ]
    : [['only', frame.properties]];
  if (isSetGetFrame(frame) && frame.setProperties.length === 0 && esv !== ESV.SetGet_SNA) {
    throw new FrameError('opcset.nonzero', 'setProperties', -1, 'OPCSet ≥ 1', '0');
  }

  let size = 11; // EHD1 EHD2 TID SEOJ DEOJ ESV
  let index = 0;
  for (const [part, list] of lists) {
    if (list.length > 0xff)
      throw new RangeError(`${part} properties: OPC is one byte, got ${list.length} properties`);
    size += 1;
    for (const property of list) size += checkProperty(esv, part, property, index++, options);
  }

  const out = new Uint8Array(size);
  out[0] = EHD1_ECHONET_LITE;
  out[1] = EHD2_FORMAT1;
  out[2] = frame.tid >> 8;
  out[3] = frame.tid & 0xff;
  writeEoj(out, 4, frame.seoj);
  writeEoj(out, 7, frame.deoj);
  out[10] = esv;
  let at = 11;
  for (const [, list] of lists) {
    out[at++] = list.length;
    for (const { epc, edt } of list) {
      out[at++] = epc;
      out[at++] = edt.length;
      out.set(edt, at);
      at += edt.length;
    }
  }
  return out;
}

/** Validates one property and returns its encoded size. */
function checkProperty(
  esv: number,
  part: PropertyPart,
  property: Property,
  index: number,
  options?: StrictOptions,
) {
  const field = `${part === 'only' ? '' : `${part} `}property[${index}]`;
  checkByteRange(`${field}.EPC`, property.epc, 0xff);
  if (ruleEnabled('epc.range', options) && !epcInRange(property.epc)) {
    throw new FrameError('epc.range', `${field}.EPC`, -1, '0x80–0xFF', byteHex(property.epc));
  }
  const pdc = property.edt.length;
  if (pdc > 0xff) throw new RangeError(`${field}.EDT: PDC is one byte, got ${pdc} bytes of EDT`);
  const rule = pdcRule(esv, part);
  if (rule && ruleEnabled(rule.rule, options) && !rule.allowsPdc(pdc)) {
    throw new FrameError(
      rule.rule,
      `${field}.PDC (EPC ${byteHex(property.epc)})`,
      -1,
      rule.expected,
      `PDC = ${pdc}`,
    );
  }
  return 2 + pdc;
}

function writeEoj(out: Uint8Array, at: number, eoj: Eoj): void {
  out[at] = eoj.classGroup;
  out[at + 1] = eoj.classCode;
  out[at + 2] = eoj.instance;
}

function checkEoj(field: string, value: Eoj): void {
  checkByteRange(`${field}.classGroup`, value.classGroup, 0xff);
  checkByteRange(`${field}.classCode`, value.classCode, 0xff);
  checkByteRange(`${field}.instance`, value.instance, 0xff);
}

function checkByteRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${field} must be an integer 0..${max}, got ${value}`);
  }
}
