// How a next-generation item's values are laid out (no APPENDIX release assigns them yet, so smcert fixes
// the encodings as profile parameters; harness/devices/lv-meter/next-generation-items.ts writes them):
// after a 7-byte date-time, active energy is forward u32 + reverse u32, reactive energy a lagging u32,
// voltage a u16 average in 0.1 V.
import type { NextGenerationItem } from './profile.ts';

const VALUE_SIZE: Readonly<Record<NextGenerationItem['quantity'], number>> = {
  'active-energy': 8,
  'reactive-energy': 4,
  voltage: 2,
};

/** Bytes of one value of the item's quantity. */
export function nextGenerationValueSize(quantity: NextGenerationItem['quantity']): number {
  return VALUE_SIZE[quantity];
}
