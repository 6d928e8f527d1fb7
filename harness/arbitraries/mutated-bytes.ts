import fc from 'fast-check';
import { encodeFrame } from '../echonet/encode.ts';
import { validFrameArbitrary } from './frame.ts';

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; value: number };

const mutation = (): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  );

function apply(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + (m.kind === 'insert' ? 1 : 0));
  if (m.kind === 'flip') {
    const copy = bytes.slice();
    if (copy.length > 0) copy[at] = m.value;
    return copy;
  }
  if (m.kind === 'cut') return bytes.slice(0, at);
  return Uint8Array.from([...bytes.subarray(0, at), m.value, ...bytes.subarray(at)]);
}

/** Encoded valid frames with 1–4 byte flips, truncations or insertions: the inputs broken devices send. */
export function mutatedFrameBytesArbitrary(): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(validFrameArbitrary(), fc.array(mutation(), { minLength: 1, maxLength: 4 }))
    .map(([frame, mutations]) => mutations.reduce(apply, encodeFrame(frame)));
}

/** Random bytes, mutated frames and bytes that start like a Format 1 header. */
export function hostileBytesArbitrary(): fc.Arbitrary<Uint8Array> {
  const headed = fc.uint8Array({ maxLength: 300 }).map((rest) => Uint8Array.from([0x10, 0x81, ...rest]));
  return fc.oneof(fc.uint8Array({ maxLength: 300 }), headed, mutatedFrameBytesArbitrary());
}
