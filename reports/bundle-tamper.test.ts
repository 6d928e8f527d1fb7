// Tampers an evidence bundle must not survive (issue 10, finding 4: evidence that cannot be padded or
// mixed): a file named after an Object.prototype member, a zip holding a file twice, entry names that
// extract outside the bundle, and edits to the bundle's own files (manifest.json, statement.dsse.json,
// public-key.pem). Each is refused by verifyBundle(), without and with the lab's public key.
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { cpSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { verifyBundle } from './bundle.ts';
import { type TinyBundle, tinyBundle, tinyRecord } from './tiny-bundle.ts';
import { writeZip, type ZipEntry } from './zip-entries.ts';

let bundle: TinyBundle;
let copies = 0;

test.beforeAll(() => {
  bundle = tinyBundle();
});
test.afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

/** A copy of the bundle directory, changed by `change`. */
function changedDir(change: (dir: string) => void): string {
  const dir = join(bundle.dir, `copy-${++copies}`);
  cpSync(bundle.out, dir, { recursive: true });
  change(dir);
  return dir;
}

/** A bundle zip of the given entries, written the way signBundle() writes it. */
function zipOf(entries: readonly ZipEntry[]): string {
  const file = join(bundle.dir, `copy-${++copies}.zip`);
  writeFileSync(file, writeZip(entries, new Date(bundle.record.startedAt)));
  return file;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (name: string) => readFileSync(join(bundle.out, name), 'utf8');
const replaced = (name: string, content: string): ZipEntry[] =>
  bundle.entries.map((e) => (e.name === name ? { name, bytes: bytes(content) } : e));

/** verifyBundle() must refuse `path`, without and with --public-key, and list a problem matching `problem`. */
function expectRefused(path: string, what: string, problem: RegExp): void {
  for (const key of [undefined, bundle.publicKeyPem]) {
    const how = `${what}${key ? ' (with --public-key)' : ''}`;
    const result = verifyBundle(path, key);
    expect(
      result.ok,
      `${how}: verify must refuse it; expected ok false, got problems ${result.problems}`,
    ).toBe(false);
    expect(result.problems.join('\n'), `${how}: expected a problem matching ${problem}`).toMatch(problem);
  }
}

test('the untouched bundle verifies as a directory and as a zip, with and without the public key', () => {
  for (const path of [bundle.out, bundle.zip])
    for (const key of [undefined, bundle.publicKeyPem]) {
      const result = verifyBundle(path, key);
      expect(result.problems, `${path}${key ? ' with --public-key' : ''}: expected no problem`).toEqual([]);
    }
  expect(
    Buffer.compare(readFileSync(bundle.zip), writeZip(bundle.entries, new Date(bundle.record.startedAt))),
    'the zip is the deterministic writeZip() of the directory: expected equal bytes',
  ).toBe(0);
});

test('an added file named toString, constructor, __proto__ or another Object.prototype member is reported added', () => {
  for (const name of [
    'toString',
    'constructor',
    '__proto__',
    'hasOwnProperty',
    'valueOf',
    '__lookupGetter__',
  ]) {
    const problem = new RegExp(`added: ${name} \\(not in the manifest\\)`);
    const dir = changedDir((d) => writeFileSync(join(d, name), 'not part of the run'));
    expectRefused(dir, `directory with an added file ${name}`, problem);
    const zip = zipOf([...bundle.entries, { name, bytes: bytes('not part of the run') }]);
    expectRefused(zip, `zip with an added entry ${name}`, problem);
  }
});

test("a zip holding run-record.json twice, the first a failed run's, is refused as a duplicate", () => {
  const failed = {
    name: 'run-record.json',
    bytes: bytes(`${JSON.stringify(tinyRecord('FAIL'), null, 2)}\n`),
  };
  const zip = zipOf([failed, ...bundle.entries]);
  expectRefused(zip, 'zip with two run-record.json entries', /duplicate: run-record\.json is given twice/);
  const swapped = zipOf([...bundle.entries, failed]);
  expectRefused(swapped, 'zip with the failed run-record.json last', /duplicate: run-record\.json/);
  const cased = zipOf([...bundle.entries, { ...failed, name: 'Run-Record.json' }]);
  expectRefused(cased, 'zip with Run-Record.json beside run-record.json', /differ only in case/);
});

test('zip entries named with "..", an absolute path, a backslash, a drive letter, NUL or as folders are refused', () => {
  const names: [string, RegExp][] = [
    ['../run-record.json', /'\.\.' path segment/],
    ['transcripts/../../run-record.json', /'\.\.' path segment/],
    ['./run-record.json', /'\.' path segment/],
    ['/etc/run-record.json', /absolute path/],
    ['transcripts\\FR-TID-001.txt', /backslash/],
    ['C:run-record.json', /drive letter/],
    ['run-record.json\u0000.txt', /control character/],
    ['transcripts//FR-TID-001.txt', /empty path segment/],
    ['transcripts/', /folder entry/],
    ['evidence/', /folder entry/],
    ['run-record.json/', /folder entry/],
  ];
  for (const [name, reason] of names) {
    const content = name.endsWith('/') ? new Uint8Array() : bytes(text('run-record.json'));
    const zip = zipOf([...bundle.entries, { name, bytes: content }]);
    expectRefused(
      zip,
      `zip with an entry ${JSON.stringify(name)}`,
      new RegExp(`unsafe name: .*${reason.source}`),
    );
  }
  const backslash = changedDir((d) => writeFileSync(join(d, 'transcripts\\x.txt'), 'x'));
  expectRefused(backslash, 'directory with a file named transcripts\\x.txt', /unsafe name: .*backslash/);
  const linked = changedDir((d) => {
    const outside = join(bundle.dir, `outside-${copies}.html`);
    writeFileSync(outside, readFileSync(join(d, 'certificate.html')));
    unlinkSync(join(d, 'certificate.html'));
    symlinkSync(outside, join(d, 'certificate.html'));
  });
  expectRefused(linked, 'directory whose certificate.html links to a file outside it', /not a regular file/);
});

test('edits to manifest.json are refused: an extra field, another format version or key id, other spacing', () => {
  const manifest = JSON.parse(text('manifest.json')) as Record<string, unknown>;
  const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const edits: [string, string][] = [
    ['an extra field', pretty({ ...manifest, note: 'every case passed' })],
    ['another format version', pretty({ ...manifest, format: 'smcert-evidence-bundle/1' })],
    ['another key id', pretty({ ...manifest, keyId: '0'.repeat(64) })],
    ['its fields reordered', pretty(Object.fromEntries(Object.entries(manifest).reverse()))],
    ['no indentation', `${JSON.stringify(manifest)}\n`],
    ['no final newline', pretty(manifest).trimEnd()],
    ['a space before the final newline', `${pretty(manifest).trimEnd()} \n`],
  ];
  for (const [what, content] of edits) {
    const dir = changedDir((d) => writeFileSync(join(d, 'manifest.json'), content));
    expectRefused(dir, `manifest.json with ${what}`, /manifest/);
    expectRefused(zipOf(replaced('manifest.json', content)), `zipped manifest.json with ${what}`, /manifest/);
  }
});

test('edits to statement.dsse.json are refused: extra fields, another keyid, a second signature, other spacing', () => {
  const envelope = JSON.parse(text('statement.dsse.json')) as {
    payloadType: string;
    payload: string;
    signatures: { keyid: string; sig: string }[];
  };
  const [signature] = envelope.signatures;
  const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const strangerSig = Buffer.alloc(64, 7).toString('base64');
  const edits: [string, unknown][] = [
    ['an extra field', { ...envelope, note: 'every case passed' }],
    ['an extra field in the signature', { ...envelope, signatures: [{ ...signature, note: 'lab ACME' }] }],
    ['another keyid', { ...envelope, signatures: [{ ...signature, keyid: 'lab-acme' }] }],
    ['the keyid removed', { ...envelope, signatures: [{ sig: signature!.sig }] }],
    ['a second signature', { ...envelope, signatures: [signature, { keyid: 'stranger', sig: strangerSig }] }],
    ['the signature given twice', { ...envelope, signatures: [signature, signature] }],
    [
      'a line break in the payload',
      { ...envelope, payload: `${envelope.payload.slice(0, 40)}\n${envelope.payload.slice(40)}` },
    ],
  ];
  const contents: [string, string][] = [
    ...edits.map(([what, value]): [string, string] => [what, pretty(value)]),
    ['no indentation', `${JSON.stringify(envelope)}\n`],
    ['a space before the final newline', `${pretty(envelope).trimEnd()} \n`],
  ];
  for (const [what, content] of contents) {
    const dir = changedDir((d) => writeFileSync(join(d, 'statement.dsse.json'), content));
    expectRefused(dir, `statement.dsse.json with ${what}`, /statement\.dsse\.json|signature|key/);
    const zip = zipOf(replaced('statement.dsse.json', content));
    expectRefused(zip, `zipped statement.dsse.json with ${what}`, /statement\.dsse\.json|signature|key/);
  }
});

test('edits to public-key.pem are refused: a comment line, other line endings, trailing text, another key', () => {
  const pem = text('public-key.pem');
  const stranger = generateKeyPairSync('ed25519')
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();
  const edits: [string, string][] = [
    ['a comment line before it', `Lab key of ACME Metering\n${pem}`],
    ['CRLF line endings', pem.replace(/\n/g, '\r\n')],
    ['an extra final newline', `${pem}\n`],
    ['trailing text', `${pem}issued 2026-04-01\n`],
    ['another key', stranger],
  ];
  for (const [what, content] of edits) {
    const dir = changedDir((d) => writeFileSync(join(d, 'public-key.pem'), content));
    expectRefused(dir, `public-key.pem with ${what}`, /public-key\.pem|key/);
    const zip = zipOf(replaced('public-key.pem', content));
    expectRefused(zip, `zipped public-key.pem with ${what}`, /public-key\.pem|key/);
  }
});

test('the signed statement covers the whole manifest: its digest, its format version and the key id of the key', () => {
  const manifestBytes = readFileSync(join(bundle.out, 'manifest.json'));
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as { format?: unknown; keyId?: unknown };
  const envelope = JSON.parse(text('statement.dsse.json')) as {
    payload: string;
    signatures: { keyid: string }[];
  };
  const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
    subject: { name: string; digest: { sha256: string } }[];
  };
  const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const keyId = sha256(createPublicKey(text('public-key.pem')).export({ type: 'spki', format: 'der' }));
  expect(statement.subject[0], 'the first subject is manifest.json with its SHA-256').toEqual({
    name: 'manifest.json',
    digest: { sha256: sha256(manifestBytes) },
  });
  expect(manifest.format, 'manifest.json names its format version').toBe('smcert-evidence-bundle/2');
  expect(manifest.keyId, 'manifest.json: keyId is the SHA-256 of the SPKI DER of public-key.pem').toBe(keyId);
  expect(
    envelope.signatures.map((s) => s.keyid),
    'the envelope keyid is the same key id',
  ).toEqual([keyId]);
});
