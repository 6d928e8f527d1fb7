// The bundle zip (reports/zip-entries.ts) is read strictly: every entry the central directory lists, in
// order and duplicates included, and a problem for every byte that departs from what writeZip() writes —
// a comment, data no entry lists (a hidden local entry a streaming extractor would show), a local header
// that names another file, encryption, data descriptors, attributes, bytes after a deflate stream.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { NotAZipError, readZip, writeZip, type ZipEntry } from './zip-entries.ts';

const MTIME = new Date('2026-04-01T09:00:00Z');
const entry = (name: string, text: string): ZipEntry => ({ name, bytes: new Uint8Array(Buffer.from(text)) });
const ENTRIES = [
  entry('run-record.json', '{"cases":[{"id":"FR-TID-001","verdict":"PASS"}]}\n'.repeat(4)),
  entry('transcripts/FR-TID-001.txt', '#1 → 1081 0001 05FF01 028801 62 01 E7 00\n'),
  entry('empty', ''),
];

/** Offsets of the end record and of each central directory header of a zip writeZip() made. */
function layout(zip: Uint8Array): { end: number; centrals: number[] } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  const centrals: number[] = [];
  for (let at = view.getUint32(end + 16, true); at < end; ) {
    centrals.push(at);
    at += 46 + view.getUint16(at + 28, true);
  }
  return { end, centrals };
}

function patched(zip: Uint8Array, patch: (view: DataView) => void): Uint8Array {
  const copy = Uint8Array.from(zip);
  patch(new DataView(copy.buffer));
  return copy;
}

function expectProblem(zip: Uint8Array, rule: string, problem: RegExp): void {
  const { problems } = readZip(zip);
  expect(
    problems.join('\n'),
    `${rule}: expected a problem matching ${problem}, got ${problems.length}`,
  ).toMatch(problem);
}

test('writeZip() output reads back entry for entry, with no problem, and Info-ZIP agrees', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const read = readZip(zip);
  expect(read.problems, 'a zip as smcert writes it: expected no problem').toEqual([]);
  expect(
    read.entries.map((e) => [e.name, Buffer.from(e.bytes!).toString()]),
    'entries: expected the names and bytes written, in order',
  ).toEqual(ENTRIES.map((e) => [e.name, Buffer.from(e.bytes).toString()]));
  const dir = mkdtempSync(join(tmpdir(), 'smcert-zip-'));
  try {
    writeFileSync(join(dir, 'a.zip'), zip);
    const unzip = spawnSync('unzip', ['-t', join(dir, 'a.zip')], { encoding: 'utf8' });
    test.skip(unzip.error !== undefined, 'Info-ZIP unzip is not installed');
    expect(unzip.status, `unzip -t: expected exit 0, got ${unzip.status}: ${unzip.stdout}`).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('duplicate names are all returned, in order: the reader never merges entries', () => {
  const zip = writeZip([entry('run-record.json', 'failed'), ...ENTRIES], MTIME);
  expect(
    readZip(zip).entries.map((e) => e.name),
    'entries: expected both run-record.json entries',
  ).toEqual(['run-record.json', ...ENTRIES.map((e) => e.name)]);
  expect(
    readZip(writeZip([entry('__proto__', 'x')], MTIME)).entries[0]?.name,
    'an entry named __proto__',
  ).toBe('__proto__');
});

test('a comment or bytes after the end record are refused', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const { end } = layout(zip);
  const comment = Uint8Array.from([
    ...patched(zip, (v) => v.setUint16(end + 20, 6, true)),
    ...Buffer.from('PASSED'),
  ]);
  expectProblem(comment, 'zip comment', /bytes after the end-of-central-directory record/);
  expectProblem(comment, 'zip comment', /comment length is 6/);
  expectProblem(Uint8Array.from([...zip, 0]), 'appended byte', /1 bytes after the end-of-central-directory/);
});

test('a local entry the central directory does not list (a hidden failed run) is refused', () => {
  const zip = writeZip([entry('run-record.json', '{"verdict":"FAIL"}'), ...ENTRIES], MTIME);
  const { end, centrals } = layout(zip);
  // drop the first central directory header: its local entry stays at offset 0, listed by nothing
  const dropped = centrals[1]! - centrals[0]!;
  const hidden = Uint8Array.from([...zip.subarray(0, centrals[0]), ...zip.subarray(centrals[1])]);
  const fixed = patched(hidden, (v) => {
    const e = end - dropped;
    v.setUint16(e + 8, centrals.length - 1, true);
    v.setUint16(e + 10, centrals.length - 1, true);
    v.setUint32(e + 12, v.getUint32(e + 12, true) - dropped, true);
  });
  expectProblem(fixed, 'hidden local entry', /local header offset is \d+, smcert writes 0/);
});

test('a local header that names another file than the central directory is refused', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const renamed = patched(zip, (v) => v.setUint8(30, 'R'.charCodeAt(0))); // the local name's first byte
  expectProblem(renamed, 'local name', /the local header names it "Run-record\.json"/);
});

test('encryption, a data descriptor, another method or file attributes (a symbolic link) are refused', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const { centrals } = layout(zip);
  const c = centrals[0]!;
  const cases: [string, (v: DataView) => void, RegExp][] = [
    ['encrypted', (v) => v.setUint16(c + 8, 0x0801, true), /flags is 2049, smcert writes 2048/],
    ['data descriptor', (v) => v.setUint16(6, 0x0808, true), /flags is 2056 in the local header/],
    ['stored', (v) => v.setUint16(c + 10, 0, true), /compression method is 0/],
    [
      'Unix symbolic link',
      (v) => v.setUint32(c + 38, 0xa1ff0000, true),
      /external attributes is \d+, smcert writes 0/,
    ],
    ['made by Unix', (v) => v.setUint16(c + 4, 0x0314, true), /version made by is 788/],
    ['an extra field', (v) => v.setUint16(28, 4, true), /extra field length is 4 in the local header/],
    [
      'another time',
      (v) => v.setUint16(10, v.getUint16(10, true) + 1, true),
      /time is \d+ in the local header/,
    ],
  ];
  for (const [what, patch, problem] of cases) expectProblem(patched(zip, patch), what, problem);
});

test('a wrong CRC, bytes after the deflate stream or padding bits set are refused', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const { centrals } = layout(zip);
  const crc = (v: DataView) => {
    v.setUint32(14, v.getUint32(14, true) ^ 1, true);
    v.setUint32(centrals[0]! + 16, v.getUint32(centrals[0]! + 16, true) ^ 1, true);
  };
  expectProblem(patched(zip, crc), 'CRC', /CRC-32 of its data is/);
  // the empty entry deflates to 03 00: its last byte holds 2 bits of the end-of-block code, then padding
  const lastEntry = centrals.at(-1)!;
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const data = view.getUint32(lastEntry + 42, true) + 30 + 'empty'.length;
  expectProblem(
    patched(zip, (v) => v.setUint8(data + 1, 0x80)),
    'padding',
    /padding bits that are not 0/,
  );
});

test('every single bit flipped anywhere in a zip is a problem or no zip at all', () => {
  const zip = writeZip(ENTRIES, MTIME);
  const missed: string[] = [];
  for (let at = 0; at < zip.length; at++)
    for (let bit = 0; bit < 8; bit++) {
      const flipped = Uint8Array.from(zip);
      flipped[at] = flipped[at]! ^ (1 << bit);
      try {
        if (readZip(flipped).problems.length === 0) missed.push(`byte ${at} bit ${bit}`);
      } catch (error) {
        if (!(error instanceof NotAZipError)) throw error;
      }
    }
  expect(missed, `no byte is left unchecked: expected no flip to pass, of ${zip.length * 8}`).toEqual([]);
});

test('a file with no end record is not a zip', () => {
  expect(() => readZip(Buffer.from('{"cases": []}\n')), 'JSON given as a zip: expected NotAZipError').toThrow(
    NotAZipError,
  );
  expect(() => readZip(new Uint8Array()), 'an empty file: expected NotAZipError').toThrow(NotAZipError);
});
