// Big-endian integers of 1–4 bytes, as every multi-byte ECHONET Lite value (ECHONET Lite 1.14 part 2 §3.2.5:
// "multi-byte data are sent most significant byte first"). Signed values are two's complement.

export type IntSize = 1 | 2 | 3 | 4;

export function readUnsigned(bytes: Uint8Array, offset: number, size: IntSize): number {
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[offset + i] as number);
  return value;
}

export function readSigned(bytes: Uint8Array, offset: number, size: IntSize): number {
  const unsigned = readUnsigned(bytes, offset, size);
  const limit = 2 ** (8 * size - 1);
  return unsigned >= limit ? unsigned - 2 * limit : unsigned;
}

export function writeUnsigned(value: number, size: IntSize): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * size)) {
    throw new RangeError(`unsigned ${8 * size}-bit value out of range: ${value}`);
  }
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

export function writeSigned(value: number, size: IntSize): Uint8Array {
  const limit = 2 ** (8 * size - 1);
  if (!Number.isInteger(value) || value < -limit || value >= limit) {
    throw new RangeError(`signed ${8 * size}-bit value out of range: ${value}`);
  }
  return writeUnsigned(value < 0 ? value + 2 * limit : value, size);
}
