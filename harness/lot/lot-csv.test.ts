// The lot CSV: every bad row is named with its line and the field to fix, all of them at once.
import { expect, test } from '@playwright/test';
import { LotCsvError, parseLotCsv } from './lot-csv.ts';

const UDP = { type: 'udp', family: 4 } as const;

const problems = (text: string, transport: Parameters<typeof parseLotCsv>[2] = UDP): readonly string[] => {
  try {
    parseLotCsv(text, 'lot.csv', transport);
  } catch (error) {
    if (error instanceof LotCsvError) return error.problems;
    throw error;
  }
  throw new Error('the CSV was accepted');
};

test('a header and one row per unit: serial, address, port; quotes, a BOM, CRLF and blank lines are fine', () => {
  const units = parseLotCsv(
    '\uFEFFserial,address,port\r\nSN-1,127.0.0.60,3610\r\n\r\n"SN-2","127.0.0.61",\r\n',
    'lot.csv',
    UDP,
  );
  expect(units).toEqual([
    { serial: 'SN-1', line: 2, address: '127.0.0.60', port: 3610 },
    { serial: 'SN-2', line: 4, address: '127.0.0.61' },
  ]);
});

test('a duplicate serial, a missing address and a duplicate address are named with their lines', () => {
  expect(problems('serial,address\nA1,127.0.0.60\nA2,\nA1,127.0.0.62\nA3,127.0.0.60\n')).toEqual([
    'line 3: missing address for A2',
    "line 4: duplicate serial 'A1' (first on line 2)",
    "line 5: duplicate address '127.0.0.60' (first on line 2)",
  ]);
});

test('an unknown column, a missing serial column or address column refuse the file at its header', () => {
  expect(problems('serial,adress\nA1,127.0.0.60\n')).toEqual([
    "line 1: unknown column 'adress' (column 2) — the columns are serial, address, port, path, localAddress",
    "line 1: no 'address' column — the profile's device is on UDP: each unit needs its IP address",
  ]);
  expect(problems('address\n127.0.0.60\n')[0]).toBe("line 1: no 'serial' column");
  expect(problems('')).toEqual([
    'line 1: empty file — the first line names the columns, e.g. serial,address',
  ]);
  expect(problems('serial,address\n')).toEqual(['line 2: no unit — one row per unit below the header']);
});

test('a row of the wrong width, a bad serial, address or port says what to fix', () => {
  expect(
    problems('serial,address,port\nA1,127.0.0.60\nA 2,127.0.0.61,3610\nA3,meter-3,3610\nA4,::1,99999\n'),
  ).toEqual([
    'line 2: 2 fields, the header has 3 (serial,address,port)',
    "line 3: serial 'A 2' — 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the unit's run directory)",
    "line 4: address of A3: 'meter-3' is not an IPv4 address — give the unit's IP address",
    'line 5: address of A4: \'::1\' is an IPv6 address but /transport/family is 4 — set "family": 6 or give an IPv4 address',
    "line 5: port of A4: '99999' is not a port number 1–65535",
  ]);
});

test("a SKSTACK template needs each unit's dongle path, unique and absolute", () => {
  const skstack = { type: 'skstack' } as const;
  expect(parseLotCsv('serial,path\nW1,/dev/ttyUSB0\n', 'lot.csv', skstack)).toEqual([
    { serial: 'W1', line: 2, path: '/dev/ttyUSB0' },
  ]);
  expect(problems('serial,path\nW1,/dev/ttyUSB0\nW2,ttyUSB1\nW3,/dev/ttyUSB0\nW4,\n', skstack)).toEqual([
    "line 3: path of W2: 'ttyUSB1' is not an absolute device path such as /dev/ttyUSB0",
    "line 4: duplicate path '/dev/ttyUSB0' (first on line 2)",
    'line 5: missing path for W4',
  ]);
  expect(problems('serial,address\nW1,127.0.0.1\n', skstack)).toEqual([
    "line 1: no 'path' column — the profile's device is on SKSTACK: each unit needs its dongle path",
  ]);
});
