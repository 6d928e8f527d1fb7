// The reader over canned module output, one stream per dialect (echonet-smart-meter.md §4.3): payloads
// read by DATALEN even when they hold 0D 0A, hex payloads, EPANDESC blocks, echoes; and, with
// fast-check, that chunking never changes the parse and random bytes never throw.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { SKSTACK_DIALECTS, type SkstackDialectName } from './dialects.ts';
import { SkstackReader } from './reader.ts';
import type { SkstackRecord } from './records.ts';

const METER = 'FE80:0000:0000:0000:021D:1290:1234:5678';
const SELF = 'FE80:0000:0000:0000:021D:1290:0003:C890';
/** A Get_Res of E7 = 0x00000D0A W: the payload holds CR LF. */
const FRAME = Uint8Array.from([
  0x10, 0x81, 0x00, 0x01, 0x02, 0x88, 0x01, 0x05, 0xff, 0x01, 0x72, 0x01, 0xe7, 0x04, 0x00, 0x00, 0x0d, 0x0a,
]);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();

function stream(...parts: (string | Uint8Array)[]): Uint8Array {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : part)));
}

function parse(dialect: SkstackDialectName, chunks: Uint8Array[], hexPayload?: boolean): SkstackRecord[] {
  const records: SkstackRecord[] = [];
  const reader = new SkstackReader(
    { dialect: SKSTACK_DIALECTS[dialect], ...(hexPayload === undefined ? {} : { hexPayload }) },
    (record) => records.push(record),
  );
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return records;
}

const PAN_BLOCK =
  'EVENT 20 FE80:0000:0000:0000:1034:5678:ABCD:EF01\r\nEPANDESC\r\n  Channel:21\r\n  Channel Page:09\r\n' +
  '  Pan ID:8888\r\n  Addr:12345678ABCDEF01\r\n  LQI:E1\r\n  PairID:AABBCCDD\r\n';
const PAN = {
  kind: 'pan',
  fields: {
    Channel: '21',
    'Channel Page': '09',
    'Pan ID': '8888',
    Addr: '12345678ABCDEF01',
    LQI: 'E1',
    PairID: 'AABBCCDD',
  },
};

/** Per dialect: the bytes of one session's worth of output, and what the reader must make of it. */
const CANNED: Record<SkstackDialectName, { bytes: Uint8Array; records: unknown[] }> = {
  bp35a1: {
    bytes: stream(
      'SKSREG SFE 0\r\nOK\r\n',
      PAN_BLOCK,
      'EVENT 22 FE80:0000:0000:0000:021D:1290:0003:C890\r\n',
      `${METER}\r\n`,
      `EVENT 21 ${SELF} 00\r\nOK\r\n`,
      `ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 0012 `,
      FRAME,
      '\r\nFAIL ER04\r\n',
      `EINFO ${SELF} 001D129000030C890 21 8888 FFFE\r\n`,
    ),
    records: [
      { kind: 'echo', text: 'SKSREG SFE 0' },
      { kind: 'ok', text: 'OK' },
      {
        kind: 'event',
        code: 0x20,
        name: 'beacon-received',
        sender: 'FE80:0000:0000:0000:1034:5678:ABCD:EF01',
        text: 'EVENT 20 FE80:0000:0000:0000:1034:5678:ABCD:EF01',
      },
      PAN,
      { kind: 'event', code: 0x22, name: 'active-scan-completed', sender: SELF, text: `EVENT 22 ${SELF}` },
      { kind: 'line', text: METER },
      {
        kind: 'event',
        code: 0x21,
        name: 'udp-send-completed',
        sender: SELF,
        param: '00',
        text: `EVENT 21 ${SELF} 00`,
      },
      { kind: 'ok', text: 'OK' },
      {
        kind: 'udp',
        sender: METER,
        dest: SELF,
        rport: 3610,
        lport: 3610,
        senderLla: '001D129012345678',
        secured: true,
        data: FRAME,
      },
      { kind: 'fail', code: 'ER04', text: 'FAIL ER04' },
      {
        kind: 'info',
        keyword: 'EINFO',
        tokens: [SELF, '001D129000030C890', '21', '8888', 'FFFE'],
        text: `EINFO ${SELF} 001D129000030C890 21 8888 FFFE`,
      },
    ],
  },
  rl7023: {
    bytes: stream(
      `EVENT 21 ${SELF} 0 00\r\nOK\r\n`,
      `ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 0 0012 ${hex(FRAME)}\r\n`,
      `ERXUDP ${METER} ${SELF} 02CC 02CC 001D129012345678 0 0 0002 0D0A\r\n`,
      `EVENT 25 ${METER} 0\r\n`,
    ),
    records: [
      {
        kind: 'event',
        code: 0x21,
        name: 'udp-send-completed',
        sender: SELF,
        side: '0',
        param: '00',
        text: `EVENT 21 ${SELF} 0 00`,
      },
      { kind: 'ok', text: 'OK' },
      {
        kind: 'udp',
        sender: METER,
        dest: SELF,
        rport: 3610,
        lport: 3610,
        senderLla: '001D129012345678',
        secured: true,
        side: '0',
        data: FRAME,
      },
      {
        kind: 'udp',
        sender: METER,
        dest: SELF,
        rport: 0x2cc,
        lport: 0x2cc,
        senderLla: '001D129012345678',
        secured: false,
        side: '0',
        data: Uint8Array.from([0x0d, 0x0a]),
      },
      {
        kind: 'event',
        code: 0x25,
        name: 'pana-session-established',
        sender: METER,
        side: '0',
        text: `EVENT 25 ${METER} 0`,
      },
    ],
  },
  bp35c2: {
    bytes: stream(
      `SKSENDTO 1 ${METER} 0E1A 1 0 0012 `,
      FRAME, // echo-back of our own SKSENDTO, with the CR LF we never sent (§4.3)
      `\r\nEVENT 21 ${SELF} 0 00\r\nOK\r\n`,
      `ERXUDP ${METER} FF02:0000:0000:0000:0000:0000:0000:0001 0E1A 0E1A 001D129012345678 E1 1 0 0012 `,
      FRAME,
      '\r\n',
    ),
    records: [
      { kind: 'echo', text: `SKSENDTO 1 ${METER} 0E1A 1 0 0012`, data: FRAME },
      {
        kind: 'event',
        code: 0x21,
        name: 'udp-send-completed',
        sender: SELF,
        side: '0',
        param: '00',
        text: `EVENT 21 ${SELF} 0 00`,
      },
      { kind: 'ok', text: 'OK' },
      {
        kind: 'udp',
        sender: METER,
        dest: 'FF02:0000:0000:0000:0000:0000:0000:0001',
        rport: 3610,
        lport: 3610,
        senderLla: '001D129012345678',
        lqi: 0xe1,
        secured: true,
        side: '0',
        data: FRAME,
      },
    ],
  },
};

for (const [dialect, { bytes, records }] of Object.entries(CANNED) as [
  SkstackDialectName,
  (typeof CANNED)['bp35a1'],
][]) {
  test(`${dialect}: a canned session reads into its records, payloads by DATALEN`, () => {
    expect(parse(dialect, [bytes]), `${dialect} records of the canned stream`).toEqual(records);
  });

  test(`${dialect}: byte by byte gives the same records`, () => {
    const single = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(parse(dialect, single), `${dialect} records fed one byte at a time`).toEqual(records);
  });

  test(`${dialect}: any split points give the same records (fast-check)`, () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        (cuts) => {
          const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
          expect(parse(dialect, chunks)).toEqual(records);
        },
      ),
    );
  });
}

test('hex mode on a ROHM module (WOPT 01): the bp35a1 layout with hex data', () => {
  const bytes = stream(`ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 0012 ${hex(FRAME)}\r\n`);
  expect(parse('bp35a1', [bytes], true), 'the hex digits decode to the frame').toEqual([
    {
      kind: 'udp',
      sender: METER,
      dest: SELF,
      rport: 3610,
      lport: 3610,
      senderLla: '001D129012345678',
      secured: true,
      data: FRAME,
    },
  ]);
});

test('bp35c2 with SA2 = 0: the ERXUDP without <LQI> (10 tokens) reads as well, whatever the split', () => {
  const bytes = stream(
    `ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 0 0012 `,
    FRAME,
    `\r\nERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 E1 1 0 0012 `,
    FRAME,
    '\r\n',
  );
  const udp = {
    kind: 'udp',
    sender: METER,
    dest: SELF,
    rport: 3610,
    lport: 3610,
    senderLla: '001D129012345678',
    secured: true,
    side: '0',
    data: FRAME,
  };
  const expected = [udp, { ...udp, lqi: 0xe1 }];
  expect(parse('bp35c2', [bytes]), 'the first without LQI, the second with it').toEqual(expected);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }), (cuts) => {
      const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
      expect(
        parse(
          'bp35c2',
          at.slice(1).map((end, i) => bytes.subarray(at[i], end)),
        ),
      ).toEqual(expected);
    }),
  );
});

test('a binary payload that looks like a line end and a command is data, not lines', () => {
  const tricky = stream('\r\nOK\r\nEVENT 25 X\r\n');
  const bytes = stream(
    `ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 ${tricky.length.toString(16).padStart(4, '0')} `,
    tricky,
    '\r\nOK\r\n',
  );
  expect(
    parse('bp35a1', [bytes]).map((r) => r.kind),
    'one datagram, then the real OK',
  ).toEqual(['udp', 'ok']);
});

test('unreadable input becomes garbage records: a bad DATALEN, an overlong line', () => {
  const records = parse('bp35a1', [
    stream(
      `ERXUDP ${METER} ${SELF} 0E1A 0E1A 001D129012345678 1 ZZ 00\r\nOK\r\n`,
      'x'.repeat(5000),
      '\r\nOK\r\n',
    ),
  ]);
  expect(
    records.map((r) => r.kind),
    'garbage, then OK, garbage for the long run, then OK',
  ).toEqual(['garbage', 'ok', 'garbage', 'garbage', 'line', 'ok']);
});

/** Fragments a module could send, mixed with random bytes, so that the payload paths are hit too. */
const FRAGMENTS = [
  'ERXUDP ',
  `${METER} `,
  '0E1A ',
  '1 ',
  '0 ',
  '0012 ',
  '0003 ',
  '\r\n',
  '\r',
  'OK\r\n',
  'EVENT 21 ',
  'EPANDESC\r\n',
  '  Channel:21\r\n',
  'SKSENDTO ',
  'FAIL ER10\r\n',
];
const moduleOutput = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FRAGMENTS).map((s) => Buffer.from(s, 'latin1')),
      fc.uint8Array({ maxLength: 40 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => stream(...parts));

for (const dialect of Object.keys(SKSTACK_DIALECTS) as SkstackDialectName[]) {
  test(`${dialect}: random bytes never throw, and their parse does not depend on chunking (fast-check)`, () => {
    fc.assert(
      fc.property(
        moduleOutput,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        (bytes, cuts, hexPayload) => {
          const whole = parse(dialect, [bytes], hexPayload);
          const at = [
            0,
            ...cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)).sort((a, b) => a - b),
            bytes.length,
          ];
          const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end));
          expect(parse(dialect, chunks, hexPayload)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
}
