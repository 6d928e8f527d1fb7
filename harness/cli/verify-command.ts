// `smcert verify <bundle>`: checks an evidence bundle (directory or .zip): every artefact's SHA-256
// against the manifest, no file added or missing, and the Ed25519 signature of the DSSE envelope.
import { existsSync, readFileSync } from 'node:fs';
import { verifyBundle } from '../../reports/bundle.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export const VERIFY_USAGE = `smcert verify <bundle dir or .zip> [--public-key <pem>]

Checks a signed evidence bundle written by smcert run / smcert certify.
  --public-key   the lab's public key: also check that the bundle was signed with it

Exit codes: 0 intact and signed, 1 changed or not signed, 2 usage error.`;

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
  const result = verifyBundle(bundle, keyFile ? readFileSync(keyFile, 'utf8') : undefined);
  if (result.ok) {
    console.log(
      `${bundle}: intact — ${result.files} artefacts match the manifest, signature valid (key ${result.keyId})`,
    );
    return 0;
  }
  console.error(`${bundle}: NOT INTACT\n${result.problems.map((p) => `  ${p}`).join('\n')}`);
  return 1;
}
