// An emulated lot (`smcert lot --emulate <N> --defect-rate <p> --faults <list>`): N units EMU-00001…, of
// which round(N·p), chosen from the seed, are defective; each defective unit carries one fault switch of
// the list (harness/devices/faults.ts), the list taken in turn, so that a list gives a known mix.
import { drawSample } from '../sampling/sample-draw.ts';
import type { LotUnit } from './lot-csv.ts';

export interface EmulatedLotRequest {
  readonly size: number;
  readonly defectRate: number;
  readonly faults: readonly string[];
  readonly seed: number;
}

export function emulatedLot({ size, defectRate, faults, seed }: EmulatedLotRequest): LotUnit[] {
  const width = Math.max(5, String(size).length);
  const serials = Array.from({ length: size }, (_, i) => `EMU-${String(i + 1).padStart(width, '0')}`);
  const defective = Math.round(size * defectRate);
  if (defective > 0 && faults.length === 0) throw new RangeError('a defective unit needs a fault switch');
  // a seed of its own, so that the lot's make-up and the sample's draw are independent
  const broken = drawSample(serials, defective, (seed ^ 0x5bd1e995) >>> 0);
  const faultOf = new Map(broken.map((serial, i) => [serial, faults[i % faults.length]!]));
  return serials.map((serial) => {
    const fault = faultOf.get(serial);
    return fault ? { serial, faults: [fault] } : { serial };
  });
}
