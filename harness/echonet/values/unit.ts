// Unit of cumulative energy: 0x0288 EPC 0xE1, 0x028A EPCs 0xC5 (demand), 0xC7, 0xCD, 0xE6 (APPENDIX Release R):
// 0x00 → 1, 0x01 → 0.1, 0x02 → 0.01, 0x03 → 0.001, 0x04 → 0.0001, 0x0A → 10, 0x0B → 100, 0x0C → 1000,
// 0x0D → 10000 (kWh for energy, kW for demand, kvarh for reactive energy).
// Held as a power of ten so that scaling stays exact.

const UNIT_EXPONENT: ReadonlyMap<number, number> = new Map([
  [0x00, 0],
  [0x01, -1],
  [0x02, -2],
  [0x03, -3],
  [0x04, -4],
  [0x0a, 1],
  [0x0b, 2],
  [0x0c, 3],
  [0x0d, 4],
]);

export const UNIT_CODES: readonly number[] = [...UNIT_EXPONENT.keys()];

/** The power of ten of a unit code, or undefined for a code outside the table. */
export function unitExponent(code: number): number | undefined {
  return UNIT_EXPONENT.get(code);
}

// 0x028A EPC 0xD4, multiplier of the coefficient D3: 0x00 → 1, 0x01 → 0.1, 0x02 → 0.01, 0x03 → 0.001.
const MULTIPLIER_EXPONENT: ReadonlyMap<number, number> = new Map([
  [0x00, 0],
  [0x01, -1],
  [0x02, -2],
  [0x03, -3],
]);

export function coefficientMultiplierExponent(code: number): number | undefined {
  return MULTIPLIER_EXPONENT.get(code);
}
