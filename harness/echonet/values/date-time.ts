// date-time (7 bytes: YYYY(2) MM DD hh mm ss) and date-time_6 (6 bytes: YYYY(2) MM DD hh mm), used by
// 0x0288 D0, EA, EB, EC, ED, EE, EF and 0x028A C3, CA, CB, E2, E3, E4 (APPENDIX Release R).
// All 0xFF means "not set" (ED/EF default FFFFFFFFFFFF01). Times are the meter's local time (JST):
// no time zone is applied.
import { bad, ok, type ValueResult } from '../value-error.ts';

export interface MeterDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type MaybeDateTime = MeterDateTime | 'unset';

const CLAUSE = 'APPENDIX Release R date-time format';

export function decodeDateTime(edt: Uint8Array, offset = 0): ValueResult<MaybeDateTime> {
  return decodeFields(edt, offset, 7);
}

export function decodeDateTime6(edt: Uint8Array, offset = 0): ValueResult<MaybeDateTime> {
  return decodeFields(edt, offset, 6);
}

export function encodeDateTime(value: MaybeDateTime): Uint8Array {
  return encodeFields(value, 7);
}

export function encodeDateTime6(value: MaybeDateTime): Uint8Array {
  return encodeFields(value, 6);
}

export function formatDateTime(value: MaybeDateTime): string {
  if (value === 'unset') return 'unset';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${value.year}-${p(value.month)}-${p(value.day)} ${p(value.hour)}:${p(value.minute)}:${p(value.second)}`;
}

function decodeFields(edt: Uint8Array, offset: number, size: 6 | 7): ValueResult<MaybeDateTime> {
  const name = size === 7 ? 'date-time' : 'date-time_6';
  if (edt.length - offset < size)
    return bad(name, offset, `${name} is ${size} bytes`, CLAUSE, `${size} bytes`, `${edt.length - offset}`);
  const b = (i: number) => edt[offset + i] as number;
  let allSet = true;
  for (let i = 0; i < size; i++) allSet &&= b(i) === 0xff;
  if (allSet) return ok('unset');
  const value: MeterDateTime = {
    year: (b(0) << 8) | b(1),
    month: b(2),
    day: b(3),
    hour: b(4),
    minute: b(5),
    second: size === 7 ? b(6) : 0,
  };
  const problem = invalidField(value);
  if (problem) {
    const [field, at, expected, actual] = problem;
    return bad(
      `${name}.${field}`,
      offset + at,
      'a calendar date and a time of day',
      CLAUSE,
      expected,
      actual,
    );
  }
  return ok(value);
}

function encodeFields(value: MaybeDateTime, size: 6 | 7): Uint8Array {
  if (value === 'unset') return new Uint8Array(size).fill(0xff);
  const problem = invalidField(value);
  if (problem) throw new RangeError(`date-time ${problem[0]}: expected ${problem[2]}, got ${problem[3]}`);
  const out = Uint8Array.from([
    value.year >> 8,
    value.year & 0xff,
    value.month,
    value.day,
    value.hour,
    value.minute,
  ]);
  return size === 7 ? Uint8Array.from([...out, value.second]) : out;
}

function invalidField(v: MeterDateTime): [string, number, string, string] | undefined {
  const inRange = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  if (!inRange(v.year, 1, 0xfffe)) return ['year', 0, '1..65534', String(v.year)];
  if (!inRange(v.month, 1, 12)) return ['month', 2, '1..12', String(v.month)];
  const days = daysInMonth(v.year, v.month);
  if (!inRange(v.day, 1, days)) return ['day', 3, `1..${days}`, String(v.day)];
  if (!inRange(v.hour, 0, 23)) return ['hour', 4, '0..23', String(v.hour)];
  if (!inRange(v.minute, 0, 59)) return ['minute', 5, '0..59', String(v.minute)];
  if (!inRange(v.second, 0, 59)) return ['second', 6, '0..59', String(v.second)];
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
