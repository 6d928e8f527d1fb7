// For the report tests: one real run of a few cases against the reference LV meter with a fault switched
// on (so the certificate has a FAIL to show), signed with a lab key made for the test.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, smcertSync } from '../harness/cli/smcert-child.ts';
import type { Profile } from '../harness/profile/profile.ts';

export interface ReportRun {
  readonly dir: string;
  readonly out: string;
  readonly profile: Profile;
  readonly privateKeyPem: string;
  readonly stdout: string;
  readonly status: number | null;
}

export function reportRun(
  grep = 'PR-DECL|FR-SNA-001|FR-ESV|NP-ID|LV-BR-INF|LV-BR-C0|LV-BR-E5-002|MC-FAIR',
  faults = ['get-sna-pdc-nonzero'],
): ReportRun {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-report-'));
  const reference = JSON.parse(
    readFileSync(join(ROOT, 'profiles/reference-lv-meter.json'), 'utf8'),
  ) as Profile & { $schema?: string };
  const { $schema: _, ...rest } = reference;
  const profile = { ...rest, target: { ...reference.target, faults } } as Profile;
  writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
  const privateKeyPem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  writeFileSync(join(dir, 'lab.pem'), privateKeyPem);
  const out = join(dir, 'run');
  const run = smcertSync([
    'run',
    '--profile',
    join(dir, 'profile.json'),
    '--out',
    out,
    '--grep',
    grep,
    '--key',
    join(dir, 'lab.pem'),
  ]);
  return { dir, out, profile, privateKeyPem, stdout: run.out + run.err, status: run.code };
}
