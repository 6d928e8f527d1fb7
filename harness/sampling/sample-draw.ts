// The sample of a lot (ISO 2859-1:1999 clause 7.1: drawn at random): n of the lot's serials, drawn by a
// partial Fisher–Yates shuffle from a seeded generator, so that the seed recorded in the lot report
// reproduces the draw exactly.
import { seededRandom } from '../seeded-hash.ts';

export function drawSample<T>(lot: readonly T[], n: number, seed: number): T[] {
  if (n > lot.length) throw new RangeError(`a sample of ${n} from a lot of ${lot.length}`);
  const units = [...lot];
  const random = seededRandom(seed);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (units.length - i));
    [units[i], units[j]] = [units[j]!, units[i]!];
  }
  return units.slice(0, n);
}
