// reports/pcapng.ts read back by a minimal pcapng reader of this test's own (not the writer's helpers):
// block types and lengths, every length a multiple of 4 and repeated at the block's end, the IPv4 header
// checksum, the UDP checksum (IPv4 and IPv6), ports and addresses, the time in microseconds and the payload
// equal to the transcript's hex. When tshark is installed, Wireshark's own reader must agree on the ports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { TranscriptEntry } from '../harness/conformance/transcript.ts';
import { transcriptPcapng } from './pcapng.ts';

const AT = Date.UTC(2026, 5, 15, 3, 30, 0, 250); // a virtual clock's instant, with milliseconds

const entry = (e: Partial<TranscriptEntry> & Pick<TranscriptEntry, 'seq' | 'hex'>): TranscriptEntry => ({
  direction: 'sent',
  at: AT,
  from: { address: '127.64.0.1', port: 3610 },
  to: { address: '127.64.0.2', port: 3610 },
  multicast: false,
  summary: 'TID=0001 05FF01→028801 Get (0x62) [0xE7]',
  ...e,
});

const ENTRIES: TranscriptEntry[] = [
  entry({ seq: 1, hex: '1081000105FF010288016201E700' }),
  entry({
    seq: 2,
    direction: 'received',
    at: AT + 1,
    from: { address: '127.64.0.2', port: 3610 },
    to: { address: '127.64.0.1', port: 3610 },
    hex: '1081000102880105FF017201E704000001F4',
  }),
  entry({
    seq: 3,
    direction: 'received',
    at: AT + 1_800_000,
    from: { address: '127.64.0.2', port: 3610 },
    to: { address: '127.64.0.1', port: 40000 },
    multicast: true, // the transcript keeps where it arrived; on the wire it went to the group
    hex: '108100010EF0010EF0017301D50401028801',
  }),
  entry({
    seq: 4,
    from: { address: 'fe80::1%lo', port: 3610 },
    to: { address: '::1', port: 3610 },
    hex: '1081000205FF0102880162018000AB', // odd length: the checksum pads a zero byte
  }),
  entry({
    seq: 5,
    direction: 'received',
    from: { address: '2001:db8::2', port: 3610 },
    to: { address: '2001:db8::1', port: 3610 },
    multicast: true,
    hex: '108100010EF0010EF0017301D50401028801',
  }),
];

interface Block {
  readonly type: number;
  readonly body: DataView;
}

/** Splits a little-endian pcapng file into blocks, checking each length as the format requires. */
function readBlocks(file: Uint8Array): Block[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const blocks: Block[] = [];
  let offset = 0;
  while (offset < file.length) {
    const type = view.getUint32(offset, true);
    const length = view.getUint32(offset + 4, true);
    expect(length % 4, `block at ${offset}: total length is a multiple of 4 (got ${length})`).toBe(0);
    expect(offset + length, `block at ${offset} ends within the file`).toBeLessThanOrEqual(file.length);
    expect(view.getUint32(offset + length - 4, true), `block at ${offset}: length repeated at its end`).toBe(
      length,
    );
    blocks.push({ type, body: new DataView(file.buffer, file.byteOffset + offset + 8, length - 12) });
    offset += length;
  }
  return blocks;
}

/** Sum of 16-bit big-endian words, folded; 0xFFFF over data that holds its own checksum. */
function onesSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += bytes[i]! * 256 + (bytes[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum >>> 16) + (sum & 0xffff);
  return sum;
}

const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const ipv4Text = (b: Uint8Array) => [...b].join('.');
const ipv6Hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

interface Packet {
  readonly micros: bigint;
  readonly version: number;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Uint8Array;
}

function readPacket(body: DataView): Packet {
  expect(body.getUint32(0, true), 'EPB interface id').toBe(0);
  const micros = (BigInt(body.getUint32(4, true)) << 32n) | BigInt(body.getUint32(8, true));
  const captured = body.getUint32(12, true);
  expect(body.getUint32(16, true), 'EPB original length equals captured length').toBe(captured);
  const p = new Uint8Array(body.buffer, body.byteOffset + 20, captured);
  const version = p[0]! >> 4;
  let udp: Uint8Array;
  let pseudo: Uint8Array;
  let src: string;
  let dst: string;
  if (version === 4) {
    expect(p[0], 'IPv4 version 4, IHL 5').toBe(0x45);
    expect((p[2]! << 8) | p[3]!, 'IPv4 total length').toBe(captured);
    expect(p[9], 'IPv4 protocol UDP').toBe(17);
    expect(onesSum(p.subarray(0, 20)), 'IPv4 header checksum verifies (ones sum 0xFFFF)').toBe(0xffff);
    udp = p.subarray(20);
    src = ipv4Text(p.subarray(12, 16));
    dst = ipv4Text(p.subarray(16, 20));
    pseudo = Uint8Array.of(...p.subarray(12, 20), 0, 17, udp.length >> 8, udp.length & 0xff);
  } else {
    expect(version, 'IP version 4 or 6').toBe(6);
    expect((p[4]! << 8) | p[5]!, 'IPv6 payload length').toBe(captured - 40);
    expect(p[6], 'IPv6 next header UDP').toBe(17);
    udp = p.subarray(40);
    src = ipv6Hex(p.subarray(8, 24));
    dst = ipv6Hex(p.subarray(24, 40));
    const length = [0, 0, udp.length >> 8, udp.length & 0xff];
    pseudo = Uint8Array.of(...p.subarray(8, 40), ...length, 0, 0, 0, 17);
  }
  expect((udp[4]! << 8) | udp[5]!, 'UDP length').toBe(udp.length);
  expect((udp[6]! << 8) | udp[7]!, 'UDP checksum is set').not.toBe(0);
  expect(onesSum(Uint8Array.of(...pseudo, ...udp)), 'UDP checksum verifies (ones sum 0xFFFF)').toBe(0xffff);
  return {
    micros,
    version,
    src,
    dst,
    srcPort: (udp[0]! << 8) | udp[1]!,
    dstPort: (udp[2]! << 8) | udp[3]!,
    payload: udp.subarray(8),
  };
}

test('a transcript becomes SHB, one LINKTYPE_RAW interface and one EPB per frame that read back exactly', () => {
  const blocks = readBlocks(transcriptPcapng(ENTRIES));
  expect(
    blocks.map((b) => b.type),
    'block types: SHB, IDB, then one EPB per transcript frame',
  ).toEqual([0x0a0d0d0a, 1, 6, 6, 6, 6, 6]);
  expect(blocks[0]!.body.getUint32(0, true), 'SHB byte-order magic (little-endian)').toBe(0x1a2b3c4d);
  expect(blocks[0]!.body.getUint16(4, true), 'SHB major version 1').toBe(1);
  expect(blocks[1]!.body.getUint16(0, true), 'IDB link type LINKTYPE_RAW (101)').toBe(101);
  const packets = blocks.slice(2).map((b) => readPacket(b.body));
  packets.forEach((p, i) => {
    const e = ENTRIES[i]!;
    expect(hexOf(p.payload), `#${e.seq}: UDP payload is the transcript's hex`).toBe(e.hex);
    expect(p.micros, `#${e.seq}: time is the transcript's at, in microseconds`).toBe(BigInt(e.at) * 1000n);
    expect(p.srcPort, `#${e.seq}: source port`).toBe(3610);
  });
  expect(
    packets.map((p) => [p.version, p.src, p.dst, p.dstPort]),
    'addresses and destination ports, multicast frames to their group on 3610',
  ).toEqual([
    [4, '127.64.0.1', '127.64.0.2', 3610],
    [4, '127.64.0.2', '127.64.0.1', 3610],
    [4, '127.64.0.2', '224.0.23.0', 3610],
    [6, 'fe800000000000000000000000000001', '00000000000000000000000000000001', 3610],
    [6, '20010db8000000000000000000000002', 'ff020000000000000000000000000001', 3610],
  ]);
});

test('an empty transcript (an NA case) is a valid capture with no packets', () => {
  expect(
    readBlocks(transcriptPcapng([])).map((b) => b.type),
    'an SHB and an IDB only',
  ).toEqual([0x0a0d0d0a, 1]);
});

test('tshark, when installed, reads the capture and finds UDP port 3610 on every frame', () => {
  const tshark = spawnSync('sh', ['-c', 'command -v tshark'], { encoding: 'utf8' }).stdout.trim();
  test.skip(!tshark, 'tshark is not installed (it is not needed for the tests)');
  const dir = mkdtempSync(join(tmpdir(), 'smcert-pcapng-'));
  try {
    const file = join(dir, 'case.pcapng');
    writeFileSync(file, transcriptPcapng(ENTRIES));
    const read = spawnSync(tshark, ['-r', file, '-T', 'fields', '-e', 'udp.dstport'], { encoding: 'utf8' });
    expect(read.status, `tshark exits 0 (stderr: ${read.stderr})`).toBe(0);
    expect(read.stdout.trim().split('\n'), 'tshark: the UDP destination port of every frame').toEqual(
      ENTRIES.map(() => '3610'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
