// A HEMS controller's certificate (the harness played the meter), in Debian Chromium: the controller's
// identity and declared pace, and the plots that matter for a controller — its requests in each minute
// after the start-up against the declared rate (measured by HC-PACE-001), the time between its requests
// and how fast it answered the meter's INFC, both read from the transcripts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, expect, test } from '@playwright/test';
import { smcertSync } from '../harness/cli/smcert-child.ts';
import { MEASURED } from '../harness/conformance/measure.ts';
import { CHROMIUM } from './build-reports.ts';
import { infcResTimes, measured, requestGaps, transcriptOf } from './run-evidence.ts';
import type { RunRecord } from './run-record.ts';

test('the reference HEMS controller: every controller case PASS, its certificate shows its pace and INFC_Res times', async () => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'smcert-controller-'));
  try {
    const out = join(dir, 'run');
    const run = smcertSync(['run', '--profile', 'profiles/reference-hems-controller.json', '--out', out]);
    expect(run.code, run.out + run.err).toBe(0);
    const record = JSON.parse(readFileSync(join(out, 'run-record.json'), 'utf8')) as RunRecord;
    const applicable = record.cases.filter((c) => c.verdict !== 'NA');
    expect(applicable.length, 'the controller cases ran').toBeGreaterThanOrEqual(10);
    expect(applicable.every((c) => c.id.startsWith('HC-') && c.verdict === 'PASS')).toBe(true);
    const perMinute = measured(record, MEASURED.requestsPerMinute);
    expect(perMinute, 'HC-PACE-001 measured each of its 30 minutes').toHaveLength(30);
    const content = record.profile.content;
    const declared = content.kind === 'hems-controller' ? content.parameters.requestsPerMinute : 0;
    expect(Math.max(...perMinute)).toBeLessThanOrEqual(declared);
    const transcripts = record.cases.map((c) => transcriptOf(out, c));
    const infc = transcripts.flatMap(infcResTimes);
    expect(infc.length, 'the INFC case saw the controller answer').toBeGreaterThan(0);
    const gaps = transcripts.flatMap(requestGaps);
    expect(gaps.length).toBeGreaterThan(10);

    test.skip(!existsSync(CHROMIUM), `needs Debian chromium at ${CHROMIUM} (.ci/run installs it)`);
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      await page.goto(pathToFileURL(join(out, 'certificate.html')).href);
      await expect(page.locator('#overall')).toHaveText(/PASSED/);
      await expect(page.locator('#identity')).toContainText('B-route client under test');
      await expect(page.locator('#identity')).toContainText(`at most ${declared} requests a minute`);
      const plot = (title: string) => page.locator(`svg[aria-label^="${title}"]`);
      await expect(plot('Requests in each minute')).toContainText(`(n = ${perMinute.length})`);
      await expect(plot('Requests in each minute')).toContainText(`${declared} declared`);
      await expect(plot('Time between two requests')).toContainText(`(n = ${gaps.length})`);
      await expect(plot('INFC → INFC_Res')).toContainText(`(n = ${infc.length})`);
      await expect(page.locator('svg[aria-label^="Response time"]'), 'no meter plot').toHaveCount(0);
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
