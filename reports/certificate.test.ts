// The certificate in a real browser (Debian Chromium): it opens, shows the device, the overall result,
// every non-PASS with its reason and frames, the plots; a screenshot and a print-to-PDF are made the same
// way. JUnit and Allure outputs of the same run are checked too.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { clauses } from '../harness/conformance/clauses.ts';
import { MEASURED } from '../harness/conformance/measure.ts';
import { CHROMIUM } from './build-reports.ts';
import { type ReportRun, reportRun } from './report-run.ts';
import { measured, responseTimes, transcriptOf } from './run-evidence.ts';
import type { RunRecord } from './run-record.ts';

test.describe.configure({ mode: 'serial' }); // one run of the suite, shared

let run: ReportRun;

test.beforeAll(() => {
  run = reportRun();
});
test.afterAll(() => rmSync(run.dir, { recursive: true, force: true }));

test('the certificate shows identity, result, verdicts by clause, the FAIL with its frames, and plots', async () => {
  test.skip(!existsSync(CHROMIUM), `needs Debian chromium at ${CHROMIUM} (.ci/run installs it)`);
  expect(run.status, run.stdout).toBe(1); // the fault makes FR-SNA-001 fail
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
    await page.goto(pathToFileURL(join(run.out, 'certificate.html')).href);
    await expect(page).toHaveTitle(/Conformance test report — smcert reference LV meter/);
    await expect(page.locator('#overall')).toHaveText(/NOT PASSED/);
    await expect(page.locator('#identity')).toContainText('REF-LV-0001');
    await expect(page.locator('#identity')).toContainText('028801 (Release R)');
    const fail = page.locator('#detail-FR-SNA-001');
    await expect(fail).toContainText('an SNA reply names at least one refused EPC');
    await expect(fail.locator('pre')).toContainText('Get_SNA (0x52)');
    await expect(page.locator('#case-LV-BR-INF-001')).toContainText('PASS');
    await expect(
      page.locator('#case-LV-BR-INF-001'),
      'the certificate states how many notification cycles were observed',
    ).toContainText('48 of 48 consecutive :00/:30 notifications observed');
    await expect(page.locator('#by-clause tbody tr')).not.toHaveCount(0);
    await expect(page.locator('svg[role=img]')).toHaveCount(5);
    // a multi-client meter: each client's response times while one of them is greedy (MC-FAIR-001)
    await expect(page.locator('svg[aria-label^="Greedy client"] rect')).not.toHaveCount(0);
    await expect(page.locator('svg[aria-label^="The other client"]')).toContainText('Timer 1 20 s');
    await expect(page.locator('svg[aria-label^="EA notification"] rect')).not.toHaveCount(0);
    await expect(page.locator('svg[aria-label^="Response time"] rect')).not.toHaveCount(0);
    await page.screenshot({ path: join(run.out, '..', 'report-screenshot.png'), fullPage: true });
  } finally {
    await browser.close();
  }
  const pdf = readFileSync(join(run.out, 'certificate.pdf'));
  expect(pdf.subarray(0, 5).toString(), 'print-to-PDF of the certificate').toBe('%PDF-');
});

test('the plots come from what the cases measured and matched: latencies in the record, replies to their request', () => {
  const record = JSON.parse(readFileSync(join(run.out, 'run-record.json'), 'utf8')) as RunRecord;
  const inf = record.cases.find((c) => c.id === 'LV-BR-INF-001');
  const latencies = inf?.measurements?.find((m) => m.name === MEASURED.notificationLatency)?.values ?? [];
  expect(latencies, 'LV-BR-INF-001 measured each of its 48 notifications').toHaveLength(48);
  expect(Math.max(...latencies), 'each within the 5 min of AIF LV §3.2.1').toBeLessThanOrEqual(5 * 60_000);
  expect(measured(record, MEASURED.notificationLatency)).toEqual(latencies);
  const entries = transcriptOf(run.out, record.cases.find((c) => c.id === 'NP-ID-001')!);
  const times = responseTimes(entries);
  expect(times.length, 'every reply NP-ID-001 took is paired with its request').toBe(
    entries.filter((e) => e.answers !== undefined).length,
  );
  expect(times.length).toBeGreaterThan(0);
});

test('the by-clause table quotes the rule of each clause, and says when the quote is a paraphrase', () => {
  const html = readFileSync(join(run.out, 'certificate.html'), 'utf8');
  const table = html.slice(
    html.indexOf('<table id="by-clause">'),
    html.indexOf('</table>', html.indexOf('by-clause')),
  );
  const sna = clauses().get('EL-1.14/2/3.2.5')!;
  expect(sna.quote, 'the registry quotes the ESV rule of FR-SNA-001').toMatch(
    /Get is answered by Get_Res or Get_SNA/,
  );
  const line = `${sna.quote} (paraphrase)`.replaceAll('&', '&amp;');
  expect(table, 'the row of EL-1.14/2/3.2.5 carries its quote as a line').toContain(
    `<span class="meta quote">${line}</span>`,
  );
  expect(table, 'and as the title of its cell').toContain(`title="${line}"`);
  const rows = table.split('<tr>').filter((r) => r.includes('<td>'));
  expect(rows.length, 'rows of the by-clause table').toBeGreaterThan(2);
  for (const row of rows) expect(row, 'every row quotes its rule').toContain('class="meta quote"');
});

test('JUnit XML (Jenkins) and Allure results carry every case with its verdict', () => {
  const junit = readFileSync(join(run.out, 'junit.xml'), 'utf8');
  expect(junit).toMatch(/<testsuite name="frame" tests="2" failures="1" errors="0" skipped="0"/);
  expect(junit).toMatch(
    /<testcase classname="smcert.frame" name="FR-SNA-001 [^"]*"[^>]*><properties><property name="specRef" value="EL-1.14\/2\/3.2.5"\/>/,
  );
  expect(junit).toContain('<failure type="FAIL" message="an SNA reply names at least one refused EPC');
  const results = readdirSync(join(run.out, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  const parsed = results.map((f) => JSON.parse(readFileSync(join(run.out, 'allure-results', f), 'utf8')));
  expect(parsed).toHaveLength(8);
  const tid = parsed.find((r) =>
    r.labels.some((l: { name: string; value: string }) => l.name === 'ALLURE_ID' && l.value === 'FR-SNA-001'),
  );
  expect(tid.status).toBe('failed');
  expect(tid.labels).toContainEqual({ name: 'feature', value: 'frame' });
  expect(tid.links[0].name).toMatch(/ECHONET Lite Specification 1.14/);
  expect(tid.attachments[0].name).toBe('transcript');
  expect(existsSync(join(run.out, 'allure-results', 'categories.json'))).toBe(true);
});
