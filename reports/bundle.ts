// The signed evidence bundle: the run directory with a manifest of the SHA-256 of every artefact, an
// in-toto Statement (test-result predicate) over the same digests in a DSSE envelope signed with Ed25519
// (node:crypto), and the public key; plus a .zip of it all. verifyBundle() recomputes every digest,
// refuses a file added, removed or changed, and checks the signature.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { type RunRecord, runPassed } from './run-record.ts';
import { sha256 } from './run-record-io.ts';

export const MANIFEST = 'manifest.json';
export const ENVELOPE = 'statement.dsse.json';
export const PUBLIC_KEY = 'public-key.pem';
const BUNDLE_FILES = new Set([MANIFEST, ENVELOPE, PUBLIC_KEY]);
const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface SignOptions {
  /** PEM file of an Ed25519 private key (PKCS#8); without it an ephemeral key is made. */
  readonly keyFile?: string;
}

export interface SignedBundle {
  readonly files: number;
  readonly zip: string;
  readonly attributable: boolean;
  readonly keyId: string;
}

/** Every regular file below `dir`, as sorted paths relative to it with '/' separators. */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** DSSE pre-authentication encoding: what is signed. */
function pae(type: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `),
    payload,
  ]);
}

export function signBundle(dir: string, record: RunRecord, options: SignOptions = {}): SignedBundle {
  const { privateKey, attributable } = loadKey(options.keyFile);
  const publicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const keyId = sha256(publicPem).slice(0, 16);
  writeFileSync(join(dir, PUBLIC_KEY), publicPem);
  const artefacts = filesBelow(dir).filter((f) => !BUNDLE_FILES.has(f));
  const digests = Object.fromEntries(artefacts.map((f) => [f, sha256(readFileSync(join(dir, f)))]));
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify({ algorithm: 'sha256', files: digests }, null, 2)}\n`);
  const ids = (verdicts: string[]) =>
    record.cases.filter((c) => verdicts.includes(c.verdict)).map((c) => c.id);
  const statement = {
    _type: 'https://in-toto.io/Statement/v1',
    subject: Object.entries(digests).map(([name, digest]) => ({ name, digest: { sha256: digest } })),
    predicateType: 'https://in-toto.io/attestation/test-result/v0.1',
    predicate: {
      result: runPassed(record.cases.filter((c) => !c.erratum)) ? 'PASSED' : 'FAILED',
      configuration: [
        { name: record.profile.file, digest: { sha256: sha256(JSON.stringify(record.profile.content)) } },
        ...Object.entries(record.data).map(([name, digest]) => ({ name, digest: { sha256: digest } })),
      ],
      passedTests: ids(['PASS']),
      warnedTests: ids(['INCONC', 'NA']),
      failedTests: ids(['FAIL', 'ERROR']),
    },
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const sig = sign(null, pae(PAYLOAD_TYPE, payload), privateKey).toString('base64');
  const envelope = {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: keyId, sig }],
  };
  writeFileSync(join(dir, ENVELOPE), `${JSON.stringify(envelope, null, 2)}\n`);
  const zip = `${dir.replace(/[/\\]+$/, '')}.zip`;
  const entries = Object.fromEntries(
    filesBelow(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]),
  );
  writeFileSync(zip, zipSync(entries, { level: 6, mtime: new Date(record.startedAt) }));
  return { files: artefacts.length, zip, attributable, keyId };
}

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
  readonly keyId?: string;
  readonly files: number;
}

/** Checks a bundle directory or .zip: every digest, no file added or missing, the DSSE signature. */
export function verifyBundle(path: string, expectedPublicKeyPem?: string): Verification {
  const files = readBundle(path);
  const problems: string[] = [];
  const text = (name: string) => files.get(name)?.toString('utf8');
  const manifestText = text(MANIFEST);
  const envelopeText = text(ENVELOPE);
  const publicPem = text(PUBLIC_KEY);
  if (!manifestText || !envelopeText || !publicPem) {
    return {
      ok: false,
      problems: [
        `not a signed bundle: ${[MANIFEST, ENVELOPE, PUBLIC_KEY].filter((f) => !files.has(f)).join(', ')} missing`,
      ],
      files: 0,
    };
  }
  let manifest: { files: Record<string, string> };
  let envelope: { payloadType: string; payload: string; signatures: { keyid: string; sig: string }[] };
  try {
    manifest = JSON.parse(manifestText);
    envelope = JSON.parse(envelopeText);
  } catch (error) {
    return {
      ok: false,
      problems: [`manifest or envelope is not JSON: ${(error as Error).message}`],
      files: 0,
    };
  }
  for (const [name, digest] of Object.entries(manifest.files)) {
    const bytes = files.get(name);
    if (!bytes) problems.push(`missing: ${name}`);
    else if (sha256(bytes) !== digest)
      problems.push(
        `changed: ${name} (sha256 ${sha256(bytes).slice(0, 16)}…, manifest ${digest.slice(0, 16)}…)`,
      );
  }
  for (const name of files.keys()) {
    if (!BUNDLE_FILES.has(name) && !(name in manifest.files))
      problems.push(`added: ${name} (not in the manifest)`);
  }
  try {
    const publicKey = createPublicKey(publicPem);
    const payload = Buffer.from(envelope.payload, 'base64');
    const signed = envelope.signatures.some((s) =>
      verify(null, pae(envelope.payloadType, payload), publicKey, Buffer.from(s.sig, 'base64')),
    );
    if (!signed) problems.push('signature: the DSSE envelope does not verify with public-key.pem');
    else {
      const statement = JSON.parse(payload.toString('utf8')) as {
        subject: { name: string; digest: { sha256: string } }[];
      };
      const signedDigests = Object.fromEntries(statement.subject.map((s) => [s.name, s.digest.sha256]));
      if (JSON.stringify(signedDigests) !== JSON.stringify(manifest.files)) {
        problems.push('manifest: differs from the digests the signed statement lists');
      }
    }
    const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' }).toString('hex');
    if (expectedPublicKeyPem && der(createPublicKey(expectedPublicKeyPem)) !== der(publicKey)) {
      problems.push('key: the bundle is signed with another key than the one given');
    }
  } catch (error) {
    problems.push(`signature: cannot be checked (${(error as Error).message})`);
  }
  return {
    ok: problems.length === 0,
    problems,
    keyId: sha256(publicPem).slice(0, 16),
    files: Object.keys(manifest.files).length,
  };
}

function readBundle(path: string): Map<string, Buffer> {
  if (statSync(path).isDirectory())
    return new Map(filesBelow(path).map((f) => [f, readFileSync(join(path, f))]));
  const entries = unzipSync(new Uint8Array(readFileSync(path)));
  return new Map(
    Object.entries(entries)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, bytes]) => [name, Buffer.from(bytes)]),
  );
}
