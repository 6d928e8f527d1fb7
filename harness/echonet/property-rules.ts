// Per-property rules that depend on the ESV: what PDC a property may carry in each service.
import { ESV } from './esv.ts';
import type { FrameRuleId } from './frame-rules.ts';

/** Which list of a frame a property sits in: the only list, or the Set / Get part of a SetGet-family frame. */
export type PropertyPart = 'only' | 'set' | 'get';

export interface PdcRule {
  readonly rule: FrameRuleId;
  readonly allowsPdc: (pdc: number) => boolean;
  readonly expected: string;
}

const ZERO: Omit<PdcRule, 'rule'> = { allowsPdc: (pdc) => pdc === 0, expected: 'PDC = 0' };
const NONZERO: Omit<PdcRule, 'rule'> = { allowsPdc: (pdc) => pdc > 0, expected: 'PDC ≥ 1' };

/** The PDC rule for a property of `esv` in `part`, or undefined where any PDC is allowed (SNA bodies). */
export function pdcRule(esv: number, part: PropertyPart): PdcRule | undefined {
  switch (esv) {
    case ESV.Get:
    case ESV.INF_REQ:
      return { rule: 'pdc.read-request', ...ZERO };
    case ESV.SetI:
    case ESV.SetC:
      return { rule: 'pdc.write-request', ...NONZERO };
    case ESV.SetGet:
      return part === 'get'
        ? { rule: 'pdc.read-request', ...ZERO }
        : { rule: 'pdc.write-request', ...NONZERO };
    case ESV.Set_Res:
      return { rule: 'pdc.set-accepted', ...ZERO };
    case ESV.SetGet_Res:
      return part === 'set' ? { rule: 'pdc.set-accepted', ...ZERO } : { rule: 'pdc.value-reply', ...NONZERO };
    case ESV.Get_Res:
    case ESV.INF:
    case ESV.INFC:
      return { rule: 'pdc.value-reply', ...NONZERO };
    case ESV.INFC_Res:
      return { rule: 'pdc.infc-res', ...ZERO };
    default:
      return undefined;
  }
}

export const EPC_MIN = 0x80;

export function epcInRange(epc: number): boolean {
  return epc >= EPC_MIN && epc <= 0xff;
}
