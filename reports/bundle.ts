// The signed evidence bundle (format smcert-evidence-bundle/2): the run directory with
//   manifest.json        the format version, the key id and every artefact's SHA-256 by name;
//   statement.dsse.json  an in-toto Statement (test-result predicate) whose first subject is manifest.json
//                        by its SHA-256, then every artefact, in a DSSE envelope signed with Ed25519;
//   public-key.pem       the key, whose id (SHA-256 of its SPKI DER) the manifest and the envelope name;
// plus a .zip of it all (reports/zip-entries.ts). The signature thus covers every byte of the manifest and,
// through it, of every artefact. verifyBundle() refuses a file added, removed, renamed or changed, a name
// that would extract outside the bundle or onto another file, and any of the three bundle files not byte
// for byte as signBundle() writes it, so nothing can be padded into a bundle or mixed into it.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nameClashes, show, unsafeName } from './entry-names.ts';
import { type RunRecord, runPassed } from './run-record.ts';
import { sha256 } from './run-record-io.ts';
import { NotAZipError, readZip, writeZip } from './zip-entries.ts';

export const MANIFEST = 'manifest.json';
export const ENVELOPE = 'statement.dsse.json';
export const PUBLIC_KEY = 'public-key.pem';
export const BUNDLE_FORMAT = 'smcert-evidence-bundle/2';
const BUNDLE_FILES = [MANIFEST, ENVELOPE, PUBLIC_KEY] as const;
const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const PREDICATE_TYPE = 'https://in-toto.io/attestation/test-result/v0.1';

export interface SignOptions {
  /** PEM file of an Ed25519 private key (PKCS#8); without it an ephemeral key is made. */
  readonly keyFile?: string;
}

export interface SignedBundle {
  readonly files: number;
  readonly zip: string;
  readonly attributable: boolean;
  /** SHA-256 of the public key's SPKI DER, hex (`openssl pkey -pubin -outform DER | sha256sum`). */
  readonly keyId: string;
}

interface ManifestFile {
  readonly name: string;
  readonly sha256: string;
}

interface Manifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly algorithm: 'sha256';
  readonly keyId: string;
  /** In the order of manifest.json, whose `files` maps each name to its SHA-256. */
  readonly files: readonly ManifestFile[];
}

/** manifest.json as signBundle() writes it: `files` stays a name → SHA-256 object (harness/cli/run-directory.ts reads it). */
function manifestText(m: Manifest): string {
  const files = Object.fromEntries(m.files.map((f) => [f.name, f.sha256]));
  return json({ format: m.format, algorithm: m.algorithm, keyId: m.keyId, files });
}

interface Envelope {
  readonly payloadType: string;
  readonly payload: string;
  readonly signatures: readonly { readonly keyid: string; readonly sig: string }[];
}

/** The bundle cannot be read at all (not a directory or zip, a bundle file that is not JSON): exit 2. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

/** The key id every bundle names: SHA-256 of the SubjectPublicKeyInfo DER of the public key, hex. */
export function keyIdOf(key: KeyObject): string {
  return sha256(key.export({ type: 'spki', format: 'der' }));
}

/** Every regular file below `dir`, as sorted paths relative to it with '/' separators. */
export function filesBelow(dir: string): string[] {
  return listDirectory(dir).names;
}

/** The files below `dir` and what is not a regular file or folder there (a symbolic link, a socket). */
function listDirectory(dir: string): { names: string[]; problems: string[] } {
  const names: string[] = [];
  const problems: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile()) names.push(name);
      // a link's target lies outside the bundle and may change after verification
      else
        problems.push(
          `not a regular file: ${show(name)} (${entry.isSymbolicLink() ? 'a symbolic link' : 'a special file'})`,
        );
    }
  };
  walk('');
  return { names: names.sort(), problems };
}

/** DSSE pre-authentication encoding: what is signed (DSSE v1.0, protocol.md). */
function pae(type: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `),
    payload,
  ]);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export function signBundle(dir: string, record: RunRecord, options: SignOptions = {}): SignedBundle {
  const ids = (verdicts: string[]) =>
    record.cases.filter((c) => verdicts.includes(c.verdict)).map((c) => c.id);
  return signDirectory(
    dir,
    {
      // a shard's cases are not the run's: no result is signed until the shards are merged
      ...(record.shard
        ? { shard: `${record.shard.index}/${record.shard.total}` }
        : { result: runPassed(record.cases.filter((c) => !c.erratum)) ? 'PASSED' : 'FAILED' }),
      configuration: [
        { name: record.profile.file, digest: { sha256: sha256(JSON.stringify(record.profile.content)) } },
        ...Object.entries(record.data).map(([name, digest]) => ({ name, digest: { sha256: digest } })),
      ],
      passedTests: ids(['PASS']),
      warnedTests: ids(['INCONC', 'NA']),
      failedTests: ids(['FAIL', 'ERROR']),
    },
    new Date(record.startedAt),
    options,
  );
}

/**
 * Signs every file below `dir` (a run's directory, or a lot's: reports/lot-report.ts) as one bundle whose
 * in-toto test-result `predicate` the caller gives; `date` stamps the zip's entries.
 */
export function signDirectory(
  dir: string,
  predicate: Readonly<Record<string, unknown>>,
  date: Date,
  options: SignOptions = {},
): SignedBundle {
  const { privateKey, attributable } = loadKey(options.keyFile);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const listed = listDirectory(dir);
  const artefacts = listed.names.filter((f) => !isBundleFile(f));
  const refused = [
    ...listed.problems,
    ...artefacts.flatMap((f) => {
      const why = unsafeName(f);
      return why ? [`unsafe name: ${show(f)} (${why})`] : [];
    }),
    ...nameClashes(artefacts),
  ];
  if (refused.length > 0) throw new Error(`${dir}: cannot be bundled: ${refused.join('; ')}`);
  const digests = Object.fromEntries(artefacts.map((name) => [name, sha256(readFileSync(join(dir, name)))]));
  // in the order JSON keeps them (integer-like names first), so the statement lists them alike
  const files = Object.entries(digests).map(([name, digest]) => ({ name, sha256: digest }));
  const manifest: Manifest = { format: BUNDLE_FORMAT, algorithm: 'sha256', keyId, files };
  const manifestBytes = manifestText(manifest);
  const statement = {
    _type: STATEMENT_TYPE,
    // the manifest first: its digest signs the format version, the key id and the whole file list
    subject: [
      { name: MANIFEST, digest: { sha256: sha256(manifestBytes) } },
      ...manifest.files.map((f) => ({ name: f.name, digest: { sha256: f.sha256 } })),
    ],
    predicateType: PREDICATE_TYPE,
    predicate,
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const sig = sign(null, pae(PAYLOAD_TYPE, payload), privateKey).toString('base64');
  const envelope: Envelope = {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: keyId, sig }],
  };
  writeFileSync(join(dir, PUBLIC_KEY), publicPem(publicKey));
  writeFileSync(join(dir, MANIFEST), manifestBytes);
  writeFileSync(join(dir, ENVELOPE), json(envelope));
  const zip = `${dir.replace(/[/\\]+$/, '')}.zip`;
  const entries = filesBelow(dir).map((name) => ({
    name,
    bytes: new Uint8Array(readFileSync(join(dir, name))),
  }));
  writeFileSync(zip, writeZip(entries, date));
  return { files: artefacts.length, zip, attributable, keyId };
}

const publicPem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
const isBundleFile = (name: string) => (BUNDLE_FILES as readonly string[]).includes(name);

function loadKey(keyFile: string | undefined): { privateKey: KeyObject; attributable: boolean } {
  if (!keyFile) return { privateKey: generateKeyPairSync('ed25519').privateKey, attributable: false };
  if (!existsSync(keyFile))
    throw new Error(
      `--key ${keyFile}: no such file; give an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519 -out lab.pem)`,
    );
  const privateKey = createPrivateKey(readFileSync(keyFile));
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `--key ${keyFile}: an ${privateKey.asymmetricKeyType} key; the bundle is signed with Ed25519`,
    );
  return { privateKey, attributable: true };
}

export interface Verification {
  readonly ok: boolean;
  readonly problems: string[];
  /** The id of public-key.pem (SHA-256 of its SPKI DER), when it is a key. */
  readonly keyId?: string;
  readonly files: number;
  /** The run's result as the signed statement gives it, when the signature holds. */
  readonly result?: 'PASSED' | 'FAILED';
}

/**
 * Checks a bundle directory or .zip: the names of its files, every artefact against the manifest (both
 * ways), the three bundle files byte for byte, the key id, and the DSSE signature over a statement that
 * names the manifest by its digest. `expectedPublicKeyPem` (--public-key) must be the key that signed.
 * Throws BundleError when the input is no bundle to check (not a directory or zip, unreadable JSON, no
 * file list); a tampered bundle gives `ok: false` with the problems.
 */
export function verifyBundle(path: string, expectedPublicKeyPem?: string): Verification {
  const { files, problems } = readBundle(path);
  const missing = BUNDLE_FILES.filter((f) => !files.has(f));
  if (missing.length > 0)
    return {
      ok: false,
      problems: [...problems, `not a signed bundle: ${missing.join(', ')} missing`],
      files: 0,
    };
  const where = (name: string) => (statSync(path).isDirectory() ? join(path, name) : `${path}: ${name}`);
  const manifestBytes = files.get(MANIFEST)!;
  const manifest = readManifest(manifestBytes, where(MANIFEST), problems);
  const envelope = readEnvelope(files.get(ENVELOPE)!, where(ENVELOPE), problems);
  const publicKey = readPublicKey(files.get(PUBLIC_KEY)!, problems);
  checkArtefacts(files, manifest.files, problems);
  const keyId = publicKey && keyIdOf(publicKey);
  if (keyId !== undefined) {
    if (manifest.keyId !== keyId)
      problems.push(`key: manifest.json names key ${String(manifest.keyId)}, public-key.pem is key ${keyId}`);
    const keyids = envelope?.signatures.map((s) => s.keyid) ?? [];
    if (envelope && (keyids.length !== 1 || keyids[0] !== keyId))
      problems.push(
        `key: statement.dsse.json names key ${keyids.join(', ') || 'none'}, public-key.pem is key ${keyId}`,
      );
  }
  if (expectedPublicKeyPem !== undefined && expectedKeyId(expectedPublicKeyPem) !== keyId)
    problems.push('key: the bundle is signed with another key than the one given');
  let result: Verification['result'];
  if (envelope && publicKey)
    result = checkStatement(envelope, publicKey, manifestBytes, manifest.files, problems);
  return {
    ok: problems.length === 0,
    problems,
    ...(keyId !== undefined ? { keyId } : {}),
    files: manifest.files.length,
    ...(result ? { result } : {}),
  };
}

function expectedKeyId(pem: string): string {
  try {
    return keyIdOf(createPublicKey(pem));
  } catch (error) {
    throw new BundleError(`--public-key: not a PEM public key (${(error as Error).message})`);
  }
}

/** Every artefact the manifest lists is there with its digest; nothing else is (Maps only). */
function checkArtefacts(
  files: ReadonlyMap<string, Buffer>,
  listed: readonly ManifestFile[],
  problems: string[],
) {
  const byName = new Map(listed.map((f) => [f.name, f]));
  for (const f of listed) {
    const bytes = files.get(f.name);
    if (bytes === undefined) problems.push(`missing: ${show(f.name)}`);
    else if (sha256(bytes) !== f.sha256)
      problems.push(
        `changed: ${show(f.name)} (sha256 ${sha256(bytes).slice(0, 16)}…, manifest ${f.sha256.slice(0, 16)}…)`,
      );
  }
  for (const name of files.keys())
    if (!isBundleFile(name) && !byName.has(name)) problems.push(`added: ${show(name)} (not in the manifest)`);
}

/**
 * The signature must hold over the payload; the statement must name manifest.json by its digest first,
 * then exactly the artefacts of the manifest. Returns the signed result.
 */
function checkStatement(
  envelope: Envelope,
  publicKey: KeyObject,
  manifestBytes: Buffer,
  listed: readonly ManifestFile[],
  problems: string[],
): Verification['result'] {
  const payload = Buffer.from(envelope.payload, 'base64');
  const [signature] = envelope.signatures;
  if (
    signature === undefined ||
    !verify(null, pae(envelope.payloadType, payload), publicKey, Buffer.from(signature.sig, 'base64'))
  ) {
    problems.push('signature: the DSSE envelope does not verify with public-key.pem');
    return undefined;
  }
  let statement: unknown;
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    problems.push('statement: the signed payload is not JSON');
    return undefined;
  }
  const s = record(statement);
  const subjects = Array.isArray(s?.subject) ? (s.subject as unknown[]) : [];
  const signed = subjects.map((x) => {
    const subject = record(x);
    return `${String(subject?.name)} ${String(record(subject?.digest)?.sha256)}`;
  });
  const expected = [`${MANIFEST} ${sha256(manifestBytes)}`, ...listed.map((f) => `${f.name} ${f.sha256}`)];
  if (s?._type !== STATEMENT_TYPE || s.predicateType !== PREDICATE_TYPE)
    problems.push(`statement: not an in-toto ${STATEMENT_TYPE} with predicate ${PREDICATE_TYPE}`);
  if (signed[0] !== expected[0])
    problems.push(
      `manifest: manifest.json is not the one signed (sha256 ${sha256(manifestBytes).slice(0, 16)}…)`,
    );
  else if (signed.join('\n') !== expected.join('\n'))
    problems.push('manifest: differs from the digests the signed statement lists');
  const result = record(s?.predicate)?.result;
  return result === 'PASSED' || result === 'FAILED' ? result : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Problems of a parsed object whose own keys must be exactly `keys`, in that order. */
function exactKeys(value: Record<string, unknown>, keys: readonly string[], what: string): string[] {
  const actual = Object.keys(value);
  return actual.join() === keys.join()
    ? []
    : [`${what}: fields [${actual.join(', ')}], expected [${keys.join(', ')}]`];
}

function parseJson(bytes: Buffer, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BundleError(`${where}: not readable JSON (${(error as Error).message})`);
  }
}

/** manifest.json: exactly the fields signBundle() writes, types checked, written as it writes them. */
function readManifest(bytes: Buffer, where: string, problems: string[]): Manifest {
  const value = record(parseJson(bytes, where));
  const listed = record(value?.files);
  if (!value || !listed) throw new BundleError(`${where}: no files list`);
  problems.push(...exactKeys(value, ['format', 'algorithm', 'keyId', 'files'], 'manifest.json'));
  if (value.format !== BUNDLE_FORMAT)
    problems.push(
      `manifest.json: format ${JSON.stringify(value.format) ?? 'missing'}, expected "${BUNDLE_FORMAT}"${value.format === undefined ? ' (a bundle made before format 2: sign the run again)' : ''}`,
    );
  if (value.algorithm !== 'sha256')
    problems.push(`manifest.json: algorithm ${JSON.stringify(value.algorithm)}, expected "sha256"`);
  if (typeof value.keyId !== 'string') problems.push('manifest.json: keyId is not a string');
  // Object.entries: own properties only, so `__proto__` or `toString` are names like any other
  const files = Object.entries(listed).map(([name, digest]) => {
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest))
      problems.push(`manifest.json: files[${JSON.stringify(name)}] is not a SHA-256 in hex`);
    const why = unsafeName(name);
    if (why) problems.push(`unsafe name: ${show(name)} in manifest.json (${why})`);
    if (isBundleFile(name)) problems.push(`manifest.json: lists ${name}, a file of the bundle itself`);
    return { name, sha256: String(digest) };
  });
  problems.push(...nameClashes(files.map((f) => f.name)).map((c) => `manifest.json: ${c}`));
  // a key given twice in the JSON, or other spacing, does not survive parsing and writing it again
  if (bytes.toString('utf8') !== json(value))
    problems.push(
      'manifest.json: not byte for byte as smcert writes it (spacing, line ends or a repeated name)',
    );
  return {
    format: BUNDLE_FORMAT,
    algorithm: 'sha256',
    keyId: typeof value.keyId === 'string' ? value.keyId : '',
    files,
  };
}

/** statement.dsse.json: one signature, no other field, written as signBundle() writes it (it is not signed). */
function readEnvelope(bytes: Buffer, where: string, problems: string[]): Envelope | undefined {
  const value = record(parseJson(bytes, where));
  if (!value) {
    problems.push('statement.dsse.json: not a JSON object');
    return undefined;
  }
  const before = problems.length;
  problems.push(...exactKeys(value, ['payloadType', 'payload', 'signatures'], 'statement.dsse.json'));
  if (value.payloadType !== PAYLOAD_TYPE)
    problems.push(
      `statement.dsse.json: payloadType ${JSON.stringify(value.payloadType)}, expected ${PAYLOAD_TYPE}`,
    );
  const base64 = (s: unknown) => typeof s === 'string' && Buffer.from(s, 'base64').toString('base64') === s;
  if (!base64(value.payload)) problems.push('statement.dsse.json: payload is not canonical base64');
  const signatures = Array.isArray(value.signatures) ? value.signatures.map(record) : [];
  if (signatures.length !== 1)
    problems.push(`statement.dsse.json: ${signatures.length} signatures, expected exactly 1`);
  signatures.forEach((s, i) => {
    const at = `statement.dsse.json: signatures[${i}]`;
    if (!s || typeof s.keyid !== 'string' || !base64(s.sig))
      problems.push(`${at}: expected { keyid, sig } with sig in canonical base64`);
    else problems.push(...exactKeys(s, ['keyid', 'sig'], at));
  });
  if (bytes.toString('utf8') !== json(value))
    problems.push('statement.dsse.json: not byte for byte as smcert writes it (spacing or line ends differ)');
  if (problems.length > before || typeof value.payload !== 'string') return undefined;
  return value as unknown as Envelope; // every field checked above
}

/** public-key.pem: an Ed25519 public key, in exactly the PEM that signBundle() writes. */
function readPublicKey(bytes: Buffer, problems: string[]): KeyObject | undefined {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: bytes, format: 'pem' });
  } catch (error) {
    problems.push(`public-key.pem: not a PEM public key (${(error as Error).message})`);
    return undefined;
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    problems.push(`public-key.pem: an ${key.asymmetricKeyType} key, the bundle is signed with Ed25519`);
    return undefined;
  }
  if (bytes.toString('utf8') !== publicPem(key))
    problems.push('public-key.pem: not byte for byte as smcert writes it (extra text, spacing or line ends)');
  return key;
}

/** The files of a bundle directory or zip by name, and what is wrong with the names or the container. */
function readBundle(path: string): { files: Map<string, Buffer>; problems: string[] } {
  const problems: string[] = [];
  const named: { name: string; bytes?: Uint8Array }[] = [];
  if (statSync(path).isDirectory()) {
    const listed = listDirectory(path);
    problems.push(...listed.problems);
    for (const name of listed.names) named.push({ name, bytes: readFileSync(join(path, name)) });
  } else {
    let zip: ReturnType<typeof readZip>;
    try {
      zip = readZip(new Uint8Array(readFileSync(path)));
    } catch (error) {
      if (error instanceof NotAZipError) throw new BundleError(`${path}: not a zip file (${error.message})`);
      throw error;
    }
    problems.push(...zip.problems);
    named.push(...zip.entries);
  }
  const files = new Map<string, Buffer>();
  for (const { name, bytes } of named) {
    const why = unsafeName(name);
    if (why) problems.push(`unsafe name: ${show(name)} (${why})`);
    else if (bytes !== undefined && !files.has(name)) files.set(name, Buffer.from(bytes));
  }
  problems.push(...nameClashes(named.map((e) => e.name)));
  return { files, problems };
}
