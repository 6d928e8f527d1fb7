// Everything a run leaves besides the record, built from the run directory once the cases are done:
// the HTML certificate (and its PDF, printed by Chromium when it is installed), JUnit XML, Allure results,
// then the signed evidence bundle over all of it.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeAllureResults } from './allure.ts';
import { type SignedBundle, signBundle } from './bundle.ts';
import { certificateHtml } from './certificate.ts';
import { junitXml } from './junit.ts';
import { readRunRecord } from './run-record-io.ts';

export const CHROMIUM = '/usr/bin/chromium';

export interface BuiltReports {
  readonly certificate: string;
  /** Undefined when Chromium is not installed (the reason is in `notes`). */
  readonly pdf?: string;
  readonly junit: string;
  readonly allure: string;
  readonly bundle: SignedBundle;
  readonly notes: string[];
}

export async function buildReports(
  outDir: string,
  options: { keyFile?: string /** false: no PDF (smcert run --no-pdf, a lot's units) */; pdf?: boolean } = {},
): Promise<BuiltReports> {
  const record = readRunRecord(join(outDir, 'run-record.json'));
  const notes: string[] = [];
  rmSync(join(outDir, 'test-output'), { recursive: true, force: true }); // Playwright's scratch files
  const certificate = join(outDir, 'certificate.html');
  writeFileSync(certificate, certificateHtml(record, outDir));
  const junit = join(outDir, 'junit.xml');
  writeFileSync(junit, junitXml(record));
  const allure = join(outDir, 'allure-results');
  rmSync(allure, { recursive: true, force: true });
  mkdirSync(allure, { recursive: true });
  writeAllureResults(record, outDir, allure);
  let pdf: string | undefined;
  if (options.pdf === false) {
    // asked for: the HTML certificate is the certificate, the PDF only its print
  } else if (existsSync(CHROMIUM)) {
    pdf = join(outDir, 'certificate.pdf');
    await printPdf(certificate, pdf);
  } else {
    notes.push(
      `no PDF of the certificate: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`,
    );
  }
  const bundle = signBundle(outDir, record, options.keyFile ? { keyFile: options.keyFile } : {});
  return { certificate, ...(pdf ? { pdf } : {}), junit, allure, bundle, notes };
}

async function printPdf(html: string, pdf: string): Promise<void> {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href);
    await page.pdf({
      path: pdf,
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
    });
  } finally {
    await browser.close();
  }
}
