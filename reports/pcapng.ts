// A case's transcript as a pcapng capture file, so that a lab opens the frames in Wireshark (and its
// ECHONET Lite dissector, which follows UDP port 3610) or any pcapng tool. pcapng is the IETF draft
// "PCAP Next Generation (pcapng) Capture File Format" (draft-ietf-opsawg-pcapng); the file holds:
// - one Section Header Block (little-endian, version 1.0, section length unknown),
// - one Interface Description Block of link type LINKTYPE_RAW (101): every packet is a bare IPv4 or IPv6
//   packet, told apart by its version nibble, so one interface carries both families (LINKTYPE_IPV4 = 228
//   and LINKTYPE_IPV6 = 229 would need one interface each); the default time resolution, microseconds,
// - one Enhanced Packet Block per frame: an IPv4 (or IPv6, for addresses with ':') header and a UDP
//   header around the ECHONET Lite bytes, with the frame's real addresses and ports, and as its time the
//   transcript's `at` — the run's clock, so a virtual time for an emulated target (a day of cycles that
//   took seconds keeps its half hours), the wall clock for a real device. Its comment is the transcript's
//   line (#n and the strict decoder's reading), so verdicts' `#n` can be found in the capture.
// A frame received by multicast is written as sent to the group of its family (224.0.23.0 or ff02::1,
// port 3610): the transcript keeps the harness's own address as `to`, where the frame arrived.
import type { TranscriptEntry } from '../harness/conformance/transcript.ts';
import { concatBytes } from '../harness/echonet/bytes.ts';
import { fromHex } from '../harness/echonet/hex.ts';
import { ECHONET_PORT, type Endpoint, MULTICAST_V4, MULTICAST_V6 } from '../harness/transport/transport.ts';

/** pcapng block types (draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3). */
export const BLOCK = {
  sectionHeader: 0x0a0d0d0a,
  interfaceDescription: 0x00000001,
  enhancedPacket: 0x00000006,
};
/** LINKTYPE_RAW: the packet begins with an IPv4 or IPv6 header (tcpdump.org link-layer header types). */
export const LINKTYPE_RAW = 101;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IPPROTO_UDP = 17;
/** Option codes: opt_endofopt, opt_comment, shb_userappl, if_name. */
const OPT = { end: 0, comment: 1, userAppl: 4, ifName: 2 };

/** The frames of one transcript (as transcripts/<id>.json holds them) as the bytes of a pcapng file. */
export function transcriptPcapng(entries: readonly TranscriptEntry[], application = 'smcert'): Uint8Array {
  return concatBytes(
    block(
      BLOCK.sectionHeader,
      concatBytes(u32(BYTE_ORDER_MAGIC), u16(1), u16(0), u32(0xffffffff), u32(0xffffffff)), // length unknown
      [[OPT.userAppl, application]],
    ),
    block(BLOCK.interfaceDescription, concatBytes(u16(LINKTYPE_RAW), u16(0), u32(0)), [
      [OPT.ifName, 'smcert transcript'],
    ]),
    ...entries.map(packetBlock),
  );
}

function packetBlock(entry: TranscriptEntry): Uint8Array {
  const packet = udpPacket(entry.from, destination(entry), fromHex(entry.hex));
  const micros = BigInt(Math.round(entry.at * 1000));
  const comment = `#${entry.seq} ${entry.direction} ${entry.multicast ? '(multicast) ' : ''}${entry.summary}${entry.note ? ` [${entry.note}]` : ''}`;
  return block(
    BLOCK.enhancedPacket,
    concatBytes(
      u32(0), // interface 0
      u32(Number(micros >> 32n)),
      u32(Number(micros & 0xffffffffn)),
      u32(packet.length), // captured
      u32(packet.length), // on the wire
      padded(packet),
    ),
    [[OPT.comment, comment]],
  );
}

/** Where the frame went on the wire: the group for a frame received by multicast. */
function destination(entry: TranscriptEntry): Endpoint {
  if (!entry.multicast || isMulticast(entry.to.address)) return entry.to;
  return { address: isV6(entry.from.address) ? MULTICAST_V6 : MULTICAST_V4, port: ECHONET_PORT };
}

/** An IPv4 or IPv6 packet carrying one UDP datagram; IPv6 when either address is one. */
export function udpPacket(from: Endpoint, to: Endpoint, payload: Uint8Array): Uint8Array {
  const v6 = isV6(from.address) || isV6(to.address);
  const src = v6 ? ipv6Bytes(from.address) : ipv4Bytes(from.address);
  const dst = v6 ? ipv6Bytes(to.address) : ipv4Bytes(to.address);
  const udpLength = 8 + payload.length;
  if (udpLength > 0xffff - (v6 ? 0 : 20))
    throw new RangeError(`a UDP payload of ${payload.length} bytes does not fit one IPv${v6 ? 6 : 4} packet`);
  // RFC 768: the checksum covers a pseudo-header (addresses, protocol, UDP length), the header and the data
  const pseudo = v6
    ? concatBytes(src, dst, u32be(udpLength), Uint8Array.of(0, 0, 0, IPPROTO_UDP)) // RFC 8200 §8.1
    : concatBytes(src, dst, Uint8Array.of(0, IPPROTO_UDP), u16be(udpLength));
  const udp = concatBytes(u16be(from.port), u16be(to.port), u16be(udpLength), u16be(0), payload);
  // a computed 0 is sent as 0xFFFF: 0 means "no checksum" (IPv4 only; RFC 8200 §8.1 forbids it for IPv6)
  const sum = internetChecksum(concatBytes(pseudo, udp)) || 0xffff;
  udp.set(u16be(sum), 6);
  if (v6) {
    // RFC 8200 §3: version 6, traffic class and flow label 0, payload length, next header, hop limit
    const header = concatBytes(u32be(0x60000000), u16be(udpLength), Uint8Array.of(IPPROTO_UDP, 64), src, dst);
    return concatBytes(header, udp);
  }
  // RFC 791 §3.1: version 4, IHL 5, no options or fragments, TTL 64
  const header = concatBytes(
    Uint8Array.of(0x45, 0),
    u16be(20 + udpLength),
    u16be(0), // identification
    u16be(0), // flags and fragment offset
    Uint8Array.of(64, IPPROTO_UDP),
    u16be(0), // header checksum, set below
    src,
    dst,
  );
  header.set(u16be(internetChecksum(header)), 10);
  return concatBytes(header, udp);
}

/** RFC 1071: the ones' complement of the ones' complement sum of 16-bit big-endian words. */
export function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** A block: type, total length, body, options, total length again; every part padded to 32 bits. */
function block(type: number, body: Uint8Array, options: readonly [number, string][]): Uint8Array {
  const opts = options.length
    ? concatBytes(
        ...options.map(([code, text]) => {
          const value = new TextEncoder().encode(text);
          return concatBytes(u16(code), u16(value.length), padded(value));
        }),
        u16(OPT.end),
        u16(0),
      )
    : new Uint8Array(0);
  const length = 12 + body.length + opts.length;
  return concatBytes(u32(type), u32(length), body, opts, u32(length));
}

const padded = (bytes: Uint8Array) => concatBytes(bytes, new Uint8Array((4 - (bytes.length % 4)) % 4));

// block fields in the section's byte order (little-endian); packet headers in network order (big-endian)
const u16 = (n: number) => numberBytes(n, 2, true);
const u32 = (n: number) => numberBytes(n, 4, true);
const u16be = (n: number) => numberBytes(n, 2, false);
const u32be = (n: number) => numberBytes(n, 4, false);

function numberBytes(n: number, size: 2 | 4, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  if (size === 2) view.setUint16(0, n, littleEndian);
  else view.setUint32(0, n, littleEndian);
  return out;
}

const isV6 = (address: string) => address.includes(':');

function isMulticast(address: string): boolean {
  if (isV6(address)) return /^ff/i.test(address);
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}

function ipv4Bytes(address: string): Uint8Array {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new RangeError(`not an IPv4 address: '${address}'`);
  return Uint8Array.from(parts);
}

/** RFC 4291 §2.2 text forms: '::' once, a trailing dotted IPv4 part; a zone (%lo) is dropped. */
function ipv6Bytes(address: string): Uint8Array {
  const text = address.split('%')[0]!;
  if (!isV6(text)) return concatBytes(new Uint8Array(10), Uint8Array.of(0xff, 0xff), ipv4Bytes(text)); // ::ffff:a.b.c.d
  const words = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group, i, all) => {
      if (i === all.length - 1 && group.includes('.')) {
        const [a, b, c, d] = ipv4Bytes(group);
        return [(a! << 8) | b!, (c! << 8) | d!];
      }
      if (!/^[0-9a-f]{1,4}$/i.test(group)) throw new RangeError(`not an IPv6 address: '${address}'`);
      return [Number.parseInt(group, 16)];
    });
  };
  const halves = text.split('::');
  if (halves.length > 2) throw new RangeError(`not an IPv6 address: '${address}'`);
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < (halves.length === 2 ? 1 : 0) || (halves.length === 1 && missing !== 0))
    throw new RangeError(`not an IPv6 address: '${address}'`);
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return concatBytes(...all.map(u16be));
}
