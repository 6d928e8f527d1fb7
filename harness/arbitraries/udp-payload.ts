import fc from 'fast-check';
import type { Eoj } from '../echonet/eoj.ts';
import { EHD1_ECHONET_LITE, EHD2_FORMAT1, EHD2_FORMAT2 } from '../echonet/frame.ts';
import { filledFrameArbitrary } from './filled-frame.ts';

/** The largest UDP payload over IPv4: 65 535 − 20 (IPv4 header) − 8 (UDP header); lo carries it whole. */
export const UDP_MAX_PAYLOAD_V4 = 65_507;

export interface UdpPayloadConstraints {
  /** Default 0. */
  readonly minLength?: number;
  /** Default UDP_MAX_PAYLOAD_V4. */
  readonly maxLength?: number;
  /** The object the well-formed payloads address (default: any EOJ). */
  readonly deoj?: Eoj;
}

/**
 * Sizes where parsers and buffers break: empty, around the 4-byte header and the 12-byte Format 1 header,
 * the smallest property, one full 255-byte EDT, the UDP payload of a 1500-byte Ethernet frame, 8 KiB, and
 * the IPv4 maximum.
 */
const EDGE_LENGTHS = [
  0,
  1,
  2,
  3,
  4,
  5,
  11,
  12,
  13,
  14,
  15,
  269,
  1472,
  1473,
  8192,
  65_506,
  UDP_MAX_PAYLOAD_V4,
];
const FILLED_MIN = 15;
const FILLED_MAX = 12 + 255 * 257;

/**
 * Any datagram payload from `minLength` to `maxLength` bytes, edge sizes over-represented: random bytes,
 * a Format 1 header (0x10 0x81) followed by random bytes, a Format 2 frame with random EDATA, a well-formed
 * Format 1 frame filling the whole payload, and the same with an OPC one off the properties it holds.
 */
export function udpPayloadArbitrary(constraints: UdpPayloadConstraints = {}): fc.Arbitrary<Uint8Array> {
  const min = constraints.minLength ?? 0;
  const max = constraints.maxLength ?? UDP_MAX_PAYLOAD_V4;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max || max > UDP_MAX_PAYLOAD_V4) {
    throw new RangeError(
      `udpPayloadArbitrary needs integers 0 ≤ minLength ≤ maxLength ≤ ${UDP_MAX_PAYLOAD_V4}, got ${min}..${max}`,
    );
  }
  const edges = EDGE_LENGTHS.filter((n) => n >= min && n <= max);
  const any = fc.integer({ min, max });
  const length = edges.length > 0 ? fc.oneof(fc.constantFrom(...edges), any) : any;
  return length.chain((n) => payloadOf(n, constraints.deoj));
}

function payloadOf(length: number, deoj: Eoj | undefined): fc.Arbitrary<Uint8Array> {
  const noise = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
  const kinds: fc.Arbitrary<Uint8Array>[] = [noise(length)];
  if (length >= 2) {
    kinds.push(noise(length - 2).map((rest) => withPrefix([EHD1_ECHONET_LITE, EHD2_FORMAT1], rest)));
  }
  if (length >= 4) {
    kinds.push(
      fc
        .tuple(fc.nat(0xffff), noise(length - 4))
        .map(([tid, edata]) => withPrefix([EHD1_ECHONET_LITE, EHD2_FORMAT2, tid >> 8, tid & 0xff], edata)),
    );
  }
  if (length >= FILLED_MIN && length <= FILLED_MAX) {
    const filled = filledFrameArbitrary({ length, ...(deoj ? { deoj } : {}) });
    kinds.push(filled, filled.map(withOpcOneOff));
  }
  return fc.oneof(...kinds);
}

function withPrefix(prefix: readonly number[], rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + rest.length);
  out.set(prefix);
  out.set(rest, prefix.length);
  return out;
}

/** OPC (byte 11) one more than the properties present (one fewer at 255): a property overruns or trails. */
function withOpcOneOff(frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  const opc = out[11] as number;
  out[11] = opc === 0xff ? opc - 1 : opc + 1;
  return out;
}
