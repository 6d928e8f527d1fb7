// The rules a strict decoder enforces and the encoder refuses to break. Each names its clause.
// `verified: false` marks rules taken from secondary sources, not from the spec text itself: they are
// on by default and can be switched off per run (`StrictOptions.rules`) until a lab confirms them.

const EL = 'ECHONET Lite 1.14 part 2';

export const FRAME_RULES = {
  'frame.length': {
    clause: `${EL} §3.2`,
    text: 'a frame holds EHD1, EHD2 and TID (4 bytes); Format 1 adds SEOJ, DEOJ, ESV and OPC (12 bytes)',
    verified: true,
  },
  ehd1: { clause: `${EL} §3.2.1.1`, text: 'EHD1 must be 0x10 (ECHONET Lite)', verified: true },
  ehd2: { clause: `${EL} §3.2.1.1`, text: 'EHD2 must be 0x81 (Format 1) or 0x82 (Format 2)', verified: true },
  'esv.known': {
    clause: `${EL} §3.2.5 tables 3-9..3-11`,
    text: 'ESV must not be a reserved code',
    verified: true,
  },
  'property.bounds': {
    clause: `${EL} §3.2.5`,
    text: 'each of the OPC properties is EPC, PDC and PDC bytes of EDT inside the frame',
    verified: true,
  },
  'frame.trailing': { clause: `${EL} §3.2`, text: 'no bytes may follow the last property', verified: true },
  'opcset.nonzero': {
    clause: `${EL} §3.2.5.2`,
    text: 'OPCSet must not be 0 except in SetGet_SNA',
    verified: true,
  },
  'epc.range': {
    clause: `APPENDIX 1 (property map description format)`,
    text: 'EPC must be 0x80–0xFF',
    verified: false,
  },
  'pdc.read-request': {
    clause: `${EL} §3.2.5.1`,
    text: 'Get, INF_REQ and the Get part of SetGet carry PDC = 0 and no EDT',
    verified: true,
  },
  'pdc.write-request': {
    clause: `${EL} §3.2.5.1`,
    text: 'SetI, SetC and the Set part of SetGet carry the value to write (PDC ≥ 1)',
    verified: false,
  },
  'pdc.set-accepted': {
    clause: `${EL} §3.2.5.1`,
    text: 'Set_Res and the Set part of SetGet_Res carry PDC = 0 and no EDT',
    verified: true,
  },
  'pdc.value-reply': {
    clause: `${EL} §3.2.5.1`,
    text: 'Get_Res, INF, INFC and the Get part of SetGet_Res carry the value (PDC ≥ 1)',
    verified: true,
  },
  'pdc.infc-res': { clause: `${EL} §3.2.5.1`, text: 'INFC_Res carries PDC = 0 and no EDT', verified: false },
} as const satisfies Record<string, { clause: string; text: string; verified: boolean }>;

export type FrameRuleId = keyof typeof FRAME_RULES;

/** Switch individual rules off (never on: structural rules cannot be switched off). */
export interface StrictOptions {
  readonly rules?: Partial<Record<FrameRuleId, boolean>>;
}

const SWITCHABLE: ReadonlySet<FrameRuleId> = new Set(
  (Object.keys(FRAME_RULES) as FrameRuleId[]).filter((id) => id === 'epc.range' || id.startsWith('pdc.')),
);

export function ruleEnabled(id: FrameRuleId, options: StrictOptions | undefined): boolean {
  if (!SWITCHABLE.has(id)) return true;
  return options?.rules?.[id] ?? true;
}
