// `smcert verify <bundle>`: checks an evidence bundle (directory or .zip) with reports/bundle.ts: the
// names of its files, every artefact's size and SHA-256 against the manifest both ways, the bundle files
// byte for byte, the key id, and the Ed25519 signature of the DSSE envelope over the manifest's digest.
// Input that is no bundle to check (a missing key file, not a zip, unreadable JSON) exits 2 with one line.
import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { BundleError, verifyBundle } from '../../reports/bundle.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const VERIFY_USAGE = `smcert verify <bundle dir or .zip> [--public-key <pem>]

Checks a signed evidence bundle written by smcert run / smcert certify.
  --public-key   the lab's public key: also check that the bundle was signed with it

Exit codes: 0 intact and signed, 1 changed or not signed, 2 usage error or no bundle to check.`;

export async function runVerify(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    'verify',
    VERIFY_USAGE,
    args,
    { 'public-key': { type: 'string' } },
    [],
    true,
  );
  if (typeof parsed === 'number') return parsed;
  const [bundle, ...extra] = parsed._ as string[];
  if (!bundle || extra.length > 0) {
    console.error(`smcert verify: give one bundle\n\n${VERIFY_USAGE}`);
    return 2;
  }
  if (!existsSync(bundle)) {
    console.error(`smcert verify: ${bundle}: no such file or directory`);
    return 2;
  }
  const keyFile = parsed['public-key'] as string | undefined;
  let expectedPem: string | undefined;
  if (keyFile !== undefined) {
    const key = readPublicKeyFile(keyFile);
    if (!key.ok) {
      console.error(`smcert verify: --public-key ${keyFile}: ${key.error}`);
      return 2;
    }
    expectedPem = key.pem;
  }
  let result: ReturnType<typeof verifyBundle>;
  try {
    result = verifyBundle(bundle, expectedPem);
  } catch (error) {
    // a bundle that cannot be read at all is an input error, told in one line; anything else is a bug
    if (!(error instanceof BundleError) && !isSystemError(error)) throw error;
    console.error(`smcert verify: ${error.message.replace(/\s*\n\s*/g, ' ')}`); // one line, whatever it quotes
    return 2;
  }
  if (result.ok) {
    console.log(
      `${bundle}: intact — ${result.files} artefacts match the manifest, signature valid (key ${result.keyId})${result.result ? `; signed run result ${result.result}` : ''}`,
    );
    return 0;
  }
  console.error(`${bundle}: NOT INTACT\n${result.problems.map((p) => `  ${p}`).join('\n')}`);
  return 1;
}

function readPublicKeyFile(file: string): { ok: true; pem: string } | { ok: false; error: string } {
  if (!existsSync(file)) return { ok: false, error: 'no such file; give the lab public key in PEM' };
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, error: `cannot be read (${(error as Error).message})` };
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519')
      return { ok: false, error: `an ${key.asymmetricKeyType} key; bundles are signed with Ed25519` };
  } catch (error) {
    return { ok: false, error: `not a PEM public key (${(error as Error).message})` };
  }
  return { ok: true, pem };
}

/** An error of the file system (EACCES, EISDIR, …): Node gives it a string `code`. */
function isSystemError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}
