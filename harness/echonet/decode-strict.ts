// Strict decoder: every rule violation is returned as a FrameError naming byte offset, field, rule and
// clause. Never throws, never allocates more than the frame itself; EDTs are views into `bytes`.
import type { Eoj } from './eoj.ts';
import { ESV, esvName, isEsv, isSetGetEsv } from './esv.ts';
import {
  EHD1_ECHONET_LITE,
  EHD2_FORMAT1,
  EHD2_FORMAT2,
  type Frame,
  type Property,
  type SetGetFrame,
  type SimpleFrame,
} from './frame.ts';
import { FrameError } from './frame-error.ts';
import { ruleEnabled, type StrictOptions } from './frame-rules.ts';
import { byteHex } from './hex.ts';
import { epcInRange, type PropertyPart, pdcRule } from './property-rules.ts';

export type DecodeResult =
  | { readonly ok: true; readonly frame: Frame }
  | { readonly ok: false; readonly error: FrameError };

const HEADER = 4;
const FORMAT1_HEADER = 12;

export function decodeStrict(bytes: Uint8Array, options?: StrictOptions): DecodeResult {
  if (bytes.length < HEADER) {
    return fail('frame.length', 'frame', 0, '≥ 4 bytes', `${bytes.length} bytes`);
  }
  if (bytes[0] !== EHD1_ECHONET_LITE) return fail('ehd1', 'EHD1', 0, '0x10', byteHex(bytes[0] as number));
  const ehd2 = bytes[1] as number;
  const tid = ((bytes[2] as number) << 8) | (bytes[3] as number);
  if (ehd2 === EHD2_FORMAT2) return { ok: true, frame: { format: 2, tid, edata: bytes.subarray(HEADER) } };
  if (ehd2 !== EHD2_FORMAT1) return fail('ehd2', 'EHD2', 1, '0x81 or 0x82', byteHex(ehd2));

  if (bytes.length < FORMAT1_HEADER) {
    return fail('frame.length', 'frame', 0, '≥ 12 bytes for Format 1', `${bytes.length} bytes`);
  }
  const esv = bytes[10] as number;
  if (!isEsv(esv)) return fail('esv.known', 'ESV', 10, 'a code of tables 3-9..3-11', esvName(esv));
  const seoj = readEoj(bytes, 4);
  const deoj = readEoj(bytes, 7);

  const reader = new PropertyReader(bytes, esv, options);
  if (isSetGetEsv(esv)) {
    const opcSet = bytes[11] as number;
    if (opcSet === 0 && esv !== ESV.SetGet_SNA)
      return fail('opcset.nonzero', 'OPCSet', 11, 'OPCSet ≥ 1', '0');
    const setProperties = reader.read(12, opcSet, 'set');
    if (setProperties instanceof FrameError) return { ok: false, error: setProperties };
    const opcGetAt = reader.offset;
    if (opcGetAt >= bytes.length)
      return fail('property.bounds', 'OPCGet', opcGetAt, 'an OPCGet byte', 'end of frame');
    const getProperties = reader.read(opcGetAt + 1, bytes[opcGetAt] as number, 'get');
    if (getProperties instanceof FrameError) return { ok: false, error: getProperties };
    const trailing = reader.checkEnd();
    if (trailing) return { ok: false, error: trailing };
    const frame: SetGetFrame = { format: 1, tid, seoj, deoj, esv, setProperties, getProperties };
    return { ok: true, frame };
  }

  const properties = reader.read(12, bytes[11] as number, 'only');
  if (properties instanceof FrameError) return { ok: false, error: properties };
  const trailing = reader.checkEnd();
  if (trailing) return { ok: false, error: trailing };
  const frame: SimpleFrame = { format: 1, tid, seoj, deoj, esv, properties };
  return { ok: true, frame };
}

/** Decodes or throws the FrameError: for callers (tests, fixtures) that hold known-good frames. */
export function decodeOrThrow(bytes: Uint8Array, options?: StrictOptions): Frame {
  const result = decodeStrict(bytes, options);
  if (!result.ok) throw result.error;
  return result.frame;
}

function readEoj(bytes: Uint8Array, at: number): Eoj {
  return {
    classGroup: bytes[at] as number,
    classCode: bytes[at + 1] as number,
    instance: bytes[at + 2] as number,
  };
}

function fail(...args: ConstructorParameters<typeof FrameError>): DecodeResult {
  return { ok: false, error: new FrameError(...args) };
}

class PropertyReader {
  offset = 0;
  private index = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly esv: number,
    private readonly options: StrictOptions | undefined,
  ) {}

  read(start: number, count: number, part: PropertyPart): Property[] | FrameError {
    const { bytes } = this;
    const rule = pdcRule(this.esv, part);
    const checkPdc = rule !== undefined && ruleEnabled(rule.rule, this.options);
    const checkEpc = ruleEnabled('epc.range', this.options);
    const properties: Property[] = [];
    let at = start;
    for (let i = 0; i < count; i++, this.index++) {
      const field = `property[${this.index}]`;
      if (at + 2 > bytes.length) {
        return new FrameError(
          'property.bounds',
          `${field}.EPC/PDC`,
          at,
          '2 bytes',
          `${bytes.length - at} bytes left`,
        );
      }
      const epc = bytes[at] as number;
      const pdc = bytes[at + 1] as number;
      if (checkEpc && !epcInRange(epc))
        return new FrameError('epc.range', `${field}.EPC`, at, '0x80–0xFF', byteHex(epc));
      if (checkPdc && !rule.allowsPdc(pdc)) {
        return new FrameError(
          rule.rule,
          `${field}.PDC (EPC ${byteHex(epc)})`,
          at + 1,
          rule.expected,
          `PDC = ${pdc}`,
        );
      }
      const end = at + 2 + pdc;
      if (end > bytes.length) {
        return new FrameError(
          'property.bounds',
          `${field}.EDT`,
          at + 2,
          `${pdc} bytes`,
          `${bytes.length - at - 2} bytes left`,
        );
      }
      properties.push({ epc, edt: bytes.subarray(at + 2, end) });
      at = end;
    }
    this.offset = at;
    return properties;
  }

  checkEnd(): FrameError | undefined {
    const extra = this.bytes.length - this.offset;
    if (extra === 0) return undefined;
    return new FrameError('frame.trailing', 'frame', this.offset, 'end of frame', `${extra} more bytes`);
  }
}
