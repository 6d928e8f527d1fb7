// A day of half-hour history (APPENDIX Release R: 0x0288 E2/E4 selected by E5, 0x028A C6/CE/E7 selected
// by E1): the day (u16, 0x00FF while the selector was never set), then one u32 per half hour of that
// day, 00:00 → 23:30, oldest first; 0xFFFFFFFE where nothing was measured. 2 + 48 × 4 = 194 bytes.
import { bad, ok, type ValueResult } from '../value-error.ts';
import { readUnsigned, writeUnsigned } from './integer.ts';

/** Half hours of a day: the slots of one history. */
export const DAY_SLOTS = 48;

export interface DayHistory {
  /** The day field (days back from today, as selected; 0x00FF = selector never set). */
  readonly day: number;
  /** The raw u32 of each slot, as sent (0xFFFFFFFE = not measured; × coefficient × unit = kWh/kW). */
  readonly values: number[];
}

const CLAUSE = 'APPENDIX Release R, day histories 0x0288 E2/E4, 0x028A C6/CE/E7';

/**
 * Reads a day history strictly. `size` is the EPC's fixed size in the class data
 * (harness/classes/class-facts.ts fixedSizeOf, 194 for every day history): an EDT of any other length is
 * a ValueError, never slots read past its end.
 */
export function decodeDayHistory(edt: Uint8Array, size: number): ValueResult<DayHistory> {
  if (size < 2 || (size - 2) % 4 !== 0)
    throw new RangeError(`a day history is 2 + 4 × slots bytes; the class data gives ${size}`);
  if (edt.length !== size)
    return bad(
      'day history',
      0,
      'the size its class defines',
      CLAUSE,
      `${size} bytes`,
      `${edt.length} bytes`,
    );
  const values = Array.from({ length: (size - 2) / 4 }, (_, i) => readUnsigned(edt, 2 + 4 * i, 4));
  return ok({ day: readUnsigned(edt, 0, 2), values });
}

/** The EDT of a day history: the day field, then each slot's raw u32, in the order given. */
export function encodeDayHistory({ day, values }: DayHistory): Uint8Array {
  const out = new Uint8Array(2 + 4 * values.length);
  out.set(writeUnsigned(day, 2));
  for (const [i, value] of values.entries()) out.set(writeUnsigned(value, 4), 2 + 4 * i);
  return out;
}
