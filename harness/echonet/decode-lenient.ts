// Lenient decoder: best effort for transcripts of broken devices. Reads as much as the bytes allow,
// keeps going past rule violations and lists each one; never throws.
import type { Eoj } from './eoj.ts';
import { ESV, esvName, isEsv, isSetGetEsv } from './esv.ts';
import { EHD1_ECHONET_LITE, EHD2_FORMAT1, EHD2_FORMAT2, type Property } from './frame.ts';
import { FrameError } from './frame-error.ts';
import { byteHex } from './hex.ts';
import { epcInRange, type PropertyPart, pdcRule } from './property-rules.ts';

export interface LenientFrame {
  readonly ehd1?: number;
  readonly ehd2?: number;
  readonly tid?: number;
  readonly seoj?: Eoj;
  readonly deoj?: Eoj;
  readonly esv?: number;
  /** Properties read (for SetGet-family frames, the Set part). A truncated last EDT is kept as far as it goes. */
  readonly properties: readonly Property[];
  readonly getProperties?: readonly Property[];
  /** Format 2 EDATA, or bytes after the last property. */
  readonly rest?: Uint8Array;
  readonly issues: readonly FrameError[];
}

export function decodeLenient(bytes: Uint8Array): LenientFrame {
  const issues: FrameError[] = [];
  const at = (i: number) => (i < bytes.length ? (bytes[i] as number) : undefined);
  const ehd1 = at(0);
  const ehd2 = at(1);
  if (ehd1 !== undefined && ehd1 !== EHD1_ECHONET_LITE)
    issues.push(new FrameError('ehd1', 'EHD1', 0, '0x10', byteHex(ehd1)));
  if (bytes.length < 4) {
    issues.push(new FrameError('frame.length', 'frame', 0, '≥ 4 bytes', `${bytes.length} bytes`));
    return { ehd1, ehd2, properties: [], issues };
  }
  const tid = ((bytes[2] as number) << 8) | (bytes[3] as number);
  if (ehd2 === EHD2_FORMAT2) return { ehd1, ehd2, tid, properties: [], rest: bytes.subarray(4), issues };
  if (ehd2 !== EHD2_FORMAT1)
    issues.push(new FrameError('ehd2', 'EHD2', 1, '0x81 or 0x82', byteHex(ehd2 as number)));
  if (bytes.length < 12) {
    issues.push(
      new FrameError('frame.length', 'frame', 0, '≥ 12 bytes for Format 1', `${bytes.length} bytes`),
    );
    return { ehd1, ehd2, tid, properties: [], rest: bytes.subarray(4), issues };
  }
  const seoj = {
    classGroup: bytes[4] as number,
    classCode: bytes[5] as number,
    instance: bytes[6] as number,
  };
  const deoj = {
    classGroup: bytes[7] as number,
    classCode: bytes[8] as number,
    instance: bytes[9] as number,
  };
  const esv = bytes[10] as number;
  if (!isEsv(esv))
    issues.push(new FrameError('esv.known', 'ESV', 10, 'a code of tables 3-9..3-11', esvName(esv)));

  let offset = 11;
  let index = 0;
  const readList = (part: PropertyPart): Property[] => {
    const list: Property[] = [];
    const count = at(offset);
    if (count === undefined) {
      issues.push(
        new FrameError(
          'property.bounds',
          part === 'get' ? 'OPCGet' : 'OPC',
          offset,
          '1 byte',
          'end of frame',
        ),
      );
      return list;
    }
    if (part === 'set' && count === 0 && esv !== ESV.SetGet_SNA) {
      issues.push(new FrameError('opcset.nonzero', 'OPCSet', offset, 'OPCSet ≥ 1', '0'));
    }
    offset++;
    const rule = pdcRule(esv, part);
    for (let i = 0; i < count; i++, index++) {
      const field = `property[${index}]`;
      if (offset + 2 > bytes.length) {
        issues.push(
          new FrameError(
            'property.bounds',
            `${field}.EPC/PDC`,
            offset,
            '2 bytes',
            `${bytes.length - offset} bytes left`,
          ),
        );
        offset = bytes.length;
        break;
      }
      const epc = bytes[offset] as number;
      const pdc = bytes[offset + 1] as number;
      if (!epcInRange(epc))
        issues.push(new FrameError('epc.range', `${field}.EPC`, offset, '0x80–0xFF', byteHex(epc)));
      if (rule && !rule.allowsPdc(pdc)) {
        issues.push(new FrameError(rule.rule, `${field}.PDC`, offset + 1, rule.expected, `PDC = ${pdc}`));
      }
      const end = Math.min(offset + 2 + pdc, bytes.length);
      if (offset + 2 + pdc > bytes.length) {
        issues.push(
          new FrameError(
            'property.bounds',
            `${field}.EDT`,
            offset + 2,
            `${pdc} bytes`,
            `${end - offset - 2} bytes left`,
          ),
        );
      }
      list.push({ epc, edt: bytes.subarray(offset + 2, end) });
      offset = end;
    }
    return list;
  };

  const setGet = isSetGetEsv(esv);
  const properties = readList(setGet ? 'set' : 'only');
  const getProperties = setGet ? readList('get') : undefined;
  const rest = offset < bytes.length ? bytes.subarray(offset) : undefined;
  if (rest)
    issues.push(
      new FrameError('frame.trailing', 'frame', offset, 'end of frame', `${rest.length} more bytes`),
    );
  return { ehd1, ehd2, tid, seoj, deoj, esv, properties, getProperties, rest, issues };
}
