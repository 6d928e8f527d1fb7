// Hex helpers for transcripts, fixtures and messages: `10 81 00 01` and `10810001` both parse.

export function fromHex(text: string): Uint8Array {
  const digits = text.replace(/0x/gi, '').replace(/[\s_:|-]/g, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new RangeError(`not a hex byte string: '${text}'`);
  }
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function toHex(bytes: Uint8Array, separator = ''): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += separator;
    out += (bytes[i] as number).toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

/** `0xE7` */
export function byteHex(value: number): string {
  return `0x${value.toString(16).padStart(2, '0').toUpperCase()}`;
}
