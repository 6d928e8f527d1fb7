// fast-check arbitrary of single mutations of an evidence bundle, seen as its list of entries (name and
// bytes, in zip order): a byte of an entry flipped, inserted or deleted, an entry renamed, added, removed
// or given twice. For reports/bundle-fuzz.test.ts; a counterexample prints as `flip(run-record.json@12^0x01)`.
import fc from 'fast-check';
import type { ZipEntry } from './zip-entries.ts';

export type Mutation =
  | { readonly kind: 'flip'; readonly entry: number; readonly at: number; readonly xor: number }
  | { readonly kind: 'insert'; readonly entry: number; readonly at: number; readonly byte: number }
  | { readonly kind: 'delete'; readonly entry: number; readonly at: number }
  | { readonly kind: 'rename'; readonly entry: number; readonly name: string }
  | { readonly kind: 'add'; readonly name: string; readonly bytes: Uint8Array }
  | { readonly kind: 'remove'; readonly entry: number }
  | { readonly kind: 'duplicate'; readonly entry: number; readonly at: number };

export type MutationKind = Mutation['kind'];

/** Names that once slipped through, or that extract somewhere else than they say. */
const TRICKY_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'manifest.json',
  'MANIFEST.JSON',
  'run-record.json',
  'Run-Record.json',
  'run-record.json ',
  'statement.dsse.json',
  'public-key.pem',
  'transcripts',
  'transcripts/FR-TID-001.txt',
  'transcripts/fr-tid-001.txt',
  'caf\u00e9.txt',
  'cafe\u0301.txt',
  'a\\b',
  'line\nbreak',
];

/** Names an extractor must not write as they stand; only in a zip (a file system cannot hold them). */
const UNSAFE_NAMES = [
  '',
  '../run-record.json',
  'transcripts/../run-record.json',
  './run-record.json',
  '/run-record.json',
  'C:run-record.json',
  'run-record.json\u0000',
  'transcripts//FR-TID-001.txt',
  'transcripts/',
  'run-record.json/',
];

export interface MutationOptions {
  /** Only names a file system can hold (the directory form of the bundle); otherwise any string too. */
  readonly fileNamesOnly: boolean;
  /** Mutations to draw from; all by default. */
  readonly kinds?: readonly MutationKind[];
}

function nameArbitrary(fileNamesOnly: boolean): fc.Arbitrary<string> {
  const segment = fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,11}$/);
  const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
  const tricky = fc.constantFrom(...TRICKY_NAMES);
  if (fileNamesOnly) return fc.oneof(tricky, path);
  return fc.oneof(
    tricky,
    path,
    fc.constantFrom(...UNSAFE_NAMES),
    fc.string({ unit: 'binary', maxLength: 24 }),
  );
}

/** Single mutations of a bundle of `entries` (which must all hold at least one byte). */
export function mutationArbitrary(
  entries: readonly ZipEntry[],
  options: MutationOptions,
): fc.Arbitrary<Mutation> {
  const entry = fc.nat({ max: entries.length - 1 });
  const at = fc.nat();
  const byte = fc.integer({ min: 0, max: 0xff });
  const name = nameArbitrary(options.fileNamesOnly);
  const all: Record<MutationKind, fc.Arbitrary<Mutation>> = {
    flip: fc.record({
      kind: fc.constant('flip'),
      entry,
      at,
      xor: fc.integer({ min: 1, max: 0xff }),
    }),
    insert: fc.record({ kind: fc.constant('insert'), entry, at, byte }),
    delete: fc.record({ kind: fc.constant('delete'), entry, at }),
    rename: fc
      .record({ kind: fc.constant('rename'), entry, name })
      .filter((m) => entries[m.entry]!.name !== m.name),
    add: fc.record({ kind: fc.constant('add'), name, bytes: fc.uint8Array({ maxLength: 64 }) }),
    remove: fc.record({ kind: fc.constant('remove'), entry }),
    duplicate: fc.record({ kind: fc.constant('duplicate'), entry, at: fc.nat({ max: entries.length }) }),
  };
  const kinds = options.kinds ?? (Object.keys(all) as MutationKind[]);
  return fc.oneof(...kinds.map((k) => all[k]));
}

/** The entries after the mutation; positions wrap around the entry's length. */
export function applyMutation(entries: readonly ZipEntry[], m: Mutation): ZipEntry[] {
  const out = [...entries];
  const change = (i: number, bytes: (b: Uint8Array) => Uint8Array) => {
    out[i] = { name: entries[i]!.name, bytes: bytes(entries[i]!.bytes) };
  };
  switch (m.kind) {
    case 'flip':
      change(m.entry, (b) => {
        const c = Uint8Array.from(b);
        const at = m.at % b.length;
        c[at] = c[at]! ^ m.xor;
        return c;
      });
      break;
    case 'insert':
      change(m.entry, (b) => {
        const at = m.at % (b.length + 1);
        return Uint8Array.from([...b.subarray(0, at), m.byte, ...b.subarray(at)]);
      });
      break;
    case 'delete':
      change(m.entry, (b) => {
        const at = m.at % b.length;
        return Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
      });
      break;
    case 'rename':
      out[m.entry] = { name: m.name, bytes: entries[m.entry]!.bytes };
      break;
    case 'add':
      out.push({ name: m.name, bytes: m.bytes });
      break;
    case 'remove':
      out.splice(m.entry, 1);
      break;
    case 'duplicate':
      out.splice(m.at, 0, entries[m.entry]!);
      break;
  }
  return out;
}

/** A mutation as a counterexample shows it. */
export function describeMutation(entries: readonly ZipEntry[], m: Mutation): string {
  const name = (i: number) => JSON.stringify(entries[i]!.name);
  const size = (i: number) => entries[i]!.bytes.length;
  const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
  switch (m.kind) {
    case 'flip':
      return `flip(${name(m.entry)}@${m.at % size(m.entry)}^${hex(m.xor)})`;
    case 'insert':
      return `insert(${name(m.entry)}@${m.at % (size(m.entry) + 1)}=${hex(m.byte)})`;
    case 'delete':
      return `delete(${name(m.entry)}@${m.at % size(m.entry)})`;
    case 'rename':
      return `rename(${name(m.entry)} → ${JSON.stringify(m.name)})`;
    case 'add':
      return `add(${JSON.stringify(m.name)}, ${m.bytes.length} bytes)`;
    case 'remove':
      return `remove(${name(m.entry)})`;
    case 'duplicate':
      return `duplicate(${name(m.entry)} at ${m.at})`;
  }
}
