// The bundle's zip, written and read here instead of by fflate's zipSync/unzipSync: unzipSync hands back a
// plain object keyed by entry name, so a second `run-record.json` silently replaces the first and an entry
// named `__proto__` vanishes, and it reads only the central directory, so data no entry lists (or a local
// header naming another file) goes unseen while a streaming extractor would show it. fflate still deflates
// and inflates. Layout: PKWARE APPNOTE.TXT 6.3 §4.3 (local file header §4.3.7, central directory header
// §4.3.12, end of central directory record §4.3.16), restricted to what writeZip() writes, so that no byte
// of a bundle zip is left unchecked: entries follow one another from offset 0, the central directory lists
// them in the same order right after the last one, the end record closes the file; no extra fields,
// comments, attributes, encryption, data descriptors or zip64.
import { deflateSync, inflateSync } from 'fflate';
import { concatBytes } from '../harness/echonet/bytes.ts';

export interface ZipEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ReadEntry {
  readonly name: string;
  /** Undefined when the entry's data could not be read (the reason is among the problems). */
  readonly bytes?: Uint8Array;
}

export interface ZipRead {
  /** Every entry the central directory lists, in its order, duplicates included. */
  readonly entries: readonly ReadEntry[];
  /** Each way the file departs from the layout writeZip() writes. */
  readonly problems: readonly string[];
}

/** The file has no end-of-central-directory record: it is not a zip at all. */
export class NotAZipError extends Error {
  override readonly name = 'NotAZipError';
}

const LOCAL_SIGNATURE = 0x04034b50; // APPNOTE §4.3.7
const CENTRAL_SIGNATURE = 0x02014b50; // APPNOTE §4.3.12
const END_SIGNATURE = 0x06054b50; // APPNOTE §4.3.16
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;
const VERSION = 20; // APPNOTE §4.4.3.2: 2.0 is needed for deflate; made by MS-DOS (upper byte 0), no attributes
const FLAGS = 0x0800; // APPNOTE §4.4.4: bit 11, names are UTF-8; nothing else (no encryption, no data descriptor)
const DEFLATE = 8; // APPNOTE §4.4.5
const MAX_ENTRIES = 0xffff; // beyond it the end record needs zip64, which smcert does not write
const MAX_SIZE = 0xffffffff;

/** Deterministic zip of the entries, in the order given (duplicates too: tests build hostile zips with it). */
export function writeZip(entries: readonly ZipEntry[], mtime: Date): Uint8Array {
  if (entries.length > MAX_ENTRIES) throw new Error(`zip: ${entries.length} entries, at most ${MAX_ENTRIES}`);
  const { time, date } = dosTime(mtime);
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = new TextEncoder().encode(entry.name);
    const data = deflateSync(entry.bytes, { level: 6 });
    const fields: HeaderFields = {
      time,
      date,
      crc: crc32(entry.bytes),
      compressedSize: data.length,
      size: entry.bytes.length,
      nameLength: name.length,
    };
    if (entry.bytes.length > MAX_SIZE || offset > MAX_SIZE)
      throw new Error(`zip: ${entry.name} is beyond 4 GiB, which needs zip64`);
    const local = new Uint8Array(LOCAL_SIZE + name.length + data.length);
    writeLocalHeader(new DataView(local.buffer), fields);
    local.set(name, LOCAL_SIZE);
    local.set(data, LOCAL_SIZE + name.length);
    const central = new Uint8Array(CENTRAL_SIZE + name.length);
    writeCentralHeader(new DataView(central.buffer), fields, offset);
    central.set(name, CENTRAL_SIZE);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(END_SIZE));
  end.setUint32(0, END_SIGNATURE, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return concatBytes(...locals, ...centrals, new Uint8Array(end.buffer));
}

interface HeaderFields {
  readonly time: number;
  readonly date: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly nameLength: number;
}

function writeLocalHeader(view: DataView, f: HeaderFields): void {
  view.setUint32(0, LOCAL_SIGNATURE, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, FLAGS, true);
  view.setUint16(8, DEFLATE, true);
  view.setUint16(10, f.time, true);
  view.setUint16(12, f.date, true);
  view.setUint32(14, f.crc, true);
  view.setUint32(18, f.compressedSize, true);
  view.setUint32(22, f.size, true);
  view.setUint16(26, f.nameLength, true);
  // extra field length (28) stays 0
}

function writeCentralHeader(view: DataView, f: HeaderFields, localOffset: number): void {
  view.setUint32(0, CENTRAL_SIGNATURE, true);
  view.setUint16(4, VERSION, true);
  view.setUint16(6, VERSION, true);
  view.setUint16(8, FLAGS, true);
  view.setUint16(10, DEFLATE, true);
  view.setUint16(12, f.time, true);
  view.setUint16(14, f.date, true);
  view.setUint32(16, f.crc, true);
  view.setUint32(20, f.compressedSize, true);
  view.setUint32(24, f.size, true);
  view.setUint16(28, f.nameLength, true);
  // extra (30), comment (32), disk (34), internal (36) and external (38) attributes stay 0
  view.setUint32(42, localOffset, true);
}

/**
 * Reads every entry of a zip and lists each departure from the layout writeZip() writes. Throws
 * NotAZipError only when there is no end record; anything else is a problem, and the entries that
 * could still be read are returned.
 */
export function readZip(zip: Uint8Array): ZipRead {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const end = findEndRecord(zip, view);
  const problems: string[] = [];
  if (end + END_SIZE !== zip.length)
    problems.push(
      `zip: ${zip.length - end - END_SIZE} bytes after the end-of-central-directory record (a comment or appended data; smcert writes none)`,
    );
  const count = u16(end + 10);
  const centralSize = u32(end + 12);
  const centralStart = u32(end + 16);
  for (const [field, actual, expected] of [
    ['disk number', u16(end + 4), 0],
    ['disk of the central directory', u16(end + 6), 0],
    ['entries on this disk', u16(end + 8), count],
    ['comment length', u16(end + 20), 0],
  ] as const) {
    if (actual !== expected) problems.push(`zip: end record: ${field} is ${actual}, expected ${expected}`);
  }
  if (centralStart + centralSize !== end) {
    problems.push(
      `zip: the central directory (offset ${centralStart}, ${centralSize} bytes) does not end where the end record begins (offset ${end})`,
    );
    if (centralStart + centralSize > end) return { entries: [], problems };
  }
  const entries: ReadEntry[] = [];
  let at = centralStart; // the next central directory header
  let next = 0; // where the next local header must begin: nothing may lie between entries
  for (let i = 1; i <= count; i++) {
    if (at + CENTRAL_SIZE > end || u32(at) !== CENTRAL_SIGNATURE) {
      problems.push(`zip: central directory entry ${i} of ${count} is missing or damaged (offset ${at})`);
      return { entries, problems };
    }
    const nameLength = u16(at + 28);
    const headerEnd = at + CENTRAL_SIZE + nameLength + u16(at + 30) + u16(at + 32);
    if (headerEnd > end) {
      problems.push(`zip: central directory entry ${i} of ${count} runs past the central directory`);
      return { entries, problems };
    }
    const nameBytes = zip.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
    const utf8 = decodeName(nameBytes);
    const entryName = utf8 ?? new TextDecoder('latin1').decode(nameBytes);
    const label = `zip: entry ${i} (${JSON.stringify(entryName)})`;
    if (utf8 === undefined) problems.push(`${label}: its name is not UTF-8`);
    for (const [field, actual, expected] of [
      ['version made by', u16(at + 4), VERSION],
      ['version needed', u16(at + 6), VERSION],
      ['flags', u16(at + 8), FLAGS],
      ['compression method', u16(at + 10), DEFLATE],
      ['extra field length', u16(at + 30), 0],
      ['comment length', u16(at + 32), 0],
      ['disk number', u16(at + 34), 0],
      ['internal attributes', u16(at + 36), 0],
      ['external attributes', u32(at + 38), 0],
      ['local header offset', u32(at + 42), next],
    ] as const) {
      if (actual !== expected)
        problems.push(`${label}: ${field} is ${actual}, smcert writes ${expected} (central directory)`);
    }
    const fields = {
      time: u16(at + 12),
      date: u16(at + 14),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
    };
    const local = u32(at + 42);
    at = headerEnd;
    const read = readLocal(zip, view, local, centralStart, nameBytes, fields);
    for (const problem of read.problems) problems.push(`${label}: ${problem}`);
    if (read.dataEnd !== undefined) next = read.dataEnd;
    entries.push(read.bytes ? { name: entryName, bytes: read.bytes } : { name: entryName });
  }
  if (at !== centralStart + centralSize)
    problems.push(
      `zip: the central directory's entries take ${at - centralStart} bytes, the end record says ${centralSize}`,
    );
  if (next !== centralStart)
    problems.push(
      `zip: the central directory begins at offset ${centralStart}, the last entry ends at ${next} (data no entry lists)`,
    );
  return { entries, problems };
}

/** The local header at `offset` must repeat the central directory's fields; then the entry's data. */
function readLocal(
  zip: Uint8Array,
  view: DataView,
  offset: number,
  limit: number,
  centralName: Uint8Array,
  central: Omit<HeaderFields, 'nameLength'>,
): { problems: string[]; bytes?: Uint8Array; dataEnd?: number } {
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  if (offset + LOCAL_SIZE > limit || u32(offset) !== LOCAL_SIGNATURE)
    return { problems: [`no local header at offset ${offset}`] };
  const problems: string[] = [];
  const nameLength = u16(offset + 26);
  const extraLength = u16(offset + 28);
  const dataStart = offset + LOCAL_SIZE + nameLength + extraLength;
  const dataEnd = dataStart + central.compressedSize;
  for (const [field, actual, expected] of [
    ['version needed', u16(offset + 4), VERSION],
    ['flags', u16(offset + 6), FLAGS],
    ['compression method', u16(offset + 8), DEFLATE],
    ['time', u16(offset + 10), central.time],
    ['date', u16(offset + 12), central.date],
    ['CRC-32', u32(offset + 14), central.crc],
    ['compressed size', u32(offset + 18), central.compressedSize],
    ['size', u32(offset + 22), central.size],
    ['name length', nameLength, centralName.length],
    ['extra field length', extraLength, 0],
  ] as const) {
    if (actual !== expected)
      problems.push(`${field} is ${actual} in the local header, ${expected} in the central directory`);
  }
  if (dataEnd > limit) return { problems: [...problems, 'its data runs into the central directory'] };
  const localName = zip.subarray(offset + LOCAL_SIZE, offset + LOCAL_SIZE + nameLength);
  if (Buffer.compare(localName, centralName) !== 0)
    problems.push(`the local header names it ${JSON.stringify(new TextDecoder('latin1').decode(localName))}`);
  const read = inflateEntry(zip.subarray(dataStart, dataEnd), central.size, central.crc);
  if (!read.ok) return { problems: [...problems, read.problem], dataEnd };
  return { problems, bytes: read.bytes, dataEnd };
}

function findEndRecord(zip: Uint8Array, view: DataView): number {
  // APPNOTE §4.3.16: the record is 22 bytes plus a comment of at most 65535 bytes, at the end of the file
  for (let at = zip.length - END_SIZE; at >= 0 && at >= zip.length - END_SIZE - 0xffff; at--) {
    if (view.getUint32(at, true) === END_SIGNATURE) return at;
  }
  throw new NotAZipError('no end-of-central-directory record');
}

function decodeName(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** MS-DOS date and time (APPNOTE §4.4.6), from the UTC fields so the zip does not depend on the time zone. */
function dosTime(at: Date): { time: number; date: number } {
  const year = at.getUTCFullYear();
  if (Number.isNaN(year) || year < 1980 || year > 2107)
    throw new Error(`zip: ${String(at)} cannot be stored as an MS-DOS date (1980–2107)`);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as zip stores it (APPNOTE §4.4.7: polynomial 0xEDB88320, reflected, initial and final ~0). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Inflates one entry's data and checks it against its headers; bytes after the deflate stream are refused. */
export function inflateEntry(
  data: Uint8Array,
  size: number,
  crc: number,
): { ok: true; bytes: Uint8Array } | { ok: false; problem: string } {
  let bytes: Uint8Array;
  try {
    bytes = inflateSync(data);
  } catch (error) {
    return { ok: false, problem: `its data does not inflate (${(error as Error).message})` };
  }
  if (bytes.length !== size)
    return { ok: false, problem: `inflates to ${bytes.length} bytes, its headers say ${size}` };
  const actual = crc32(bytes);
  if (actual !== crc)
    return { ok: false, problem: `CRC-32 of its data is ${hex(actual)}, its headers say ${hex(crc)}` };
  // an inflater stops at the final block and ignores what follows (RFC 1951 §3.2.3): nothing may hide there
  if (data.length > 0 && inflated(data.subarray(0, data.length - 1)) !== undefined)
    return { ok: false, problem: 'bytes follow the end of its deflate stream' };
  // nor in the bits that pad the last byte, which smcert (fflate) leaves 0: the highest bit set is either
  // padding (clearing it changes nothing) or the end of the stream, with every lower bit part of it too
  const last = data.length - 1;
  for (let bit = 7; last >= 0 && bit >= 0; bit--) {
    if (((data[last]! >> bit) & 1) === 0) continue;
    const cleared = Uint8Array.from(data);
    cleared[last] = data[last]! ^ (1 << bit);
    const again = inflated(cleared);
    if (again !== undefined && Buffer.compare(again, bytes) === 0)
      return { ok: false, problem: 'its deflate stream ends in padding bits that are not 0' };
    break;
  }
  return { ok: true, bytes };
}

function inflated(data: Uint8Array): Uint8Array | undefined {
  try {
    return inflateSync(data);
  } catch {
    return undefined;
  }
}

const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
