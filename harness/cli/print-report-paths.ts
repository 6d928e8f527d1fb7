// Where a run's reports went (smcert run, smcert merge): the certificate, the record and transcripts, the
// JUnit/Allure/Playwright reports, the signed bundle and how to verify it, and a warning when its key
// cannot say who signed it.
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { BuiltReports } from '../../reports/build-reports.ts';

export function printReportPaths(outDir: string, reports: BuiltReports): void {
  const rel = (p: string) => relative(process.cwd(), p) || '.';
  const playwright = `${outDir}/html-report/index.html`;
  console.log(
    `\ncertificate: ${rel(reports.certificate)}${reports.pdf ? ` (PDF: ${rel(reports.pdf)})` : ''}`,
  );
  console.log(
    `run record:  ${rel(`${outDir}/run-record.json`)}, transcripts in ${rel(`${outDir}/transcripts`)}/`,
  );
  console.log(
    `JUnit XML:   ${rel(reports.junit)}; Allure results: ${rel(reports.allure)}/${existsSync(playwright) ? `; Playwright report: ${rel(playwright)}` : ''}`,
  );
  console.log(
    `bundle:      ${rel(outDir)}/ and ${rel(reports.bundle.zip)} (${reports.bundle.files} artefacts, Ed25519 key ${reports.bundle.keyId})`,
  );
  console.log(`verify with: npx smcert verify ${rel(reports.bundle.zip)}`);
  for (const note of reports.notes) console.log(`note: ${note}`);
  if (!reports.bundle.attributable) {
    console.log(
      'WARNING: signed with an ephemeral key: the bundle proves it is intact, not who made it; give --key lab.pem',
    );
  }
}
