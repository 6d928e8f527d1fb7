// "No data" values of the smart-meter classes (APPENDIX Release R, 0x0288 / 0x028A):
// cumulative energy slots (E0, E2, E3, E4, EA, EB, EC, EE, D0) use 0xFFFFFFFE; instantaneous power E7
// (int32) uses 0x7FFFFFFE; each phase of instantaneous current E8 (int16) uses 0x7FFE.

export const NO_DATA_U32 = 0xfffffffe;
export const NO_DATA_I32 = 0x7ffffffe;
export const NO_DATA_I16 = 0x7ffe;
/** E2/E4 day field when E5 was never set (E5 = 0xFF). */
export const NO_DAY_U16 = 0x00ff;
/** E5/E1(HV) "not set" selector. */
export const UNSET_DAY_SELECTOR = 0xff;

/** A decoded reading: a number, or the class's no-data marker. */
export type Reading = number | 'no-data';

export function u32Reading(raw: number): Reading {
  return raw === NO_DATA_U32 ? 'no-data' : raw;
}
