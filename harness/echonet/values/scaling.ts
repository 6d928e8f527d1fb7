// Scaling of cumulative readings (APPENDIX Release R, note to 0x0288 D0/E0/E2/E3/E4/EA/EB/EC/EE):
//   energy = raw × coefficient (D3; 1 when the meter does not implement D3) × unit (E1)
// 0x028A adds the coefficient multiplier D4. Computed exactly as digits × 10^exponent.
import { coefficientMultiplierExponent, unitExponent } from './unit.ts';

export interface ExactDecimal {
  readonly digits: bigint;
  readonly exponent: number;
}

export interface ScaleInput {
  readonly raw: number;
  /** D3, 0..999999; omit when the device does not implement it. */
  readonly coefficient?: number;
  /** E1 (LV) or E6/C5/CD (HV) unit code. */
  readonly unitCode: number;
  /** 0x028A D4 multiplier code. */
  readonly multiplierCode?: number;
}

export function scaleReading({ raw, coefficient = 1, unitCode, multiplierCode }: ScaleInput): ExactDecimal {
  const unit = unitExponent(unitCode);
  if (unit === undefined)
    throw new RangeError(`unit code 0x${unitCode.toString(16)} is not in the unit table`);
  const multiplier = multiplierCode === undefined ? 0 : coefficientMultiplierExponent(multiplierCode);
  if (multiplier === undefined)
    throw new RangeError(`coefficient multiplier code ${multiplierCode} is not 0x00..0x03`);
  return { digits: BigInt(raw) * BigInt(coefficient), exponent: unit + multiplier };
}

export function decimalToString({ digits, exponent }: ExactDecimal): string {
  if (exponent >= 0) return (digits * 10n ** BigInt(exponent)).toString();
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(-exponent + 1, '0');
  const point = text.length + exponent;
  return `${negative ? '-' : ''}${text.slice(0, point)}.${text.slice(point)}`;
}

export function decimalToNumber(value: ExactDecimal): number {
  return Number(decimalToString(value));
}

/** -1, 0 or 1, exactly. */
export function compareDecimal(a: ExactDecimal, b: ExactDecimal): number {
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.digits * 10n ** BigInt(a.exponent - exponent);
  const y = b.digits * 10n ** BigInt(b.exponent - exponent);
  return x < y ? -1 : x > y ? 1 : 0;
}
