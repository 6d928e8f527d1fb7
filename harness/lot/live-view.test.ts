// The live view in a real browser (Debian's Chromium through Playwright): the page served on loopback
// shows each unit as the lot's events arrive over the WebSocket, a page opened late gets the whole state,
// and the decision appears at the end.
import { existsSync } from 'node:fs';
import { chromium, expect, test } from '@playwright/test';
import { CHROMIUM } from '../../reports/build-reports.ts';
import { lotDecision } from '../sampling/lot-decision.ts';
import { samplingPlan } from '../sampling/sampling-plan.ts';
import { startLiveView } from './live-view.ts';
import type { UnitReport } from './lot-run.ts';

const plan = samplingPlan({ scheme: 'iso-2859-1', lotSize: 50, level: 'I', aql: '4.0', severity: 'normal' });

const report = (serial: string, index: number, change: Partial<UnitReport>): UnitReport => ({
  serial,
  index,
  state: 'waiting',
  attempts: [],
  ...change,
});

test("each unit's progress and verdict, pushed over the WebSocket, in Chromium; the decision at the end", async () => {
  test.skip(!existsSync(CHROMIUM), `needs Debian chromium at ${CHROMIUM} (.ci/run installs it)`);
  const live = await startLiveView();
  const browser = await chromium.launch({ executablePath: CHROMIUM });
  try {
    expect(live.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    live.start({
      lot: 50,
      plans: [{ class: 'major', n: plan.n, ac: plan.ac, re: plan.re }],
      units: ['SN-A', 'SN-B', 'SN-C'].map((serial, index) => ({ serial, index })),
    });
    const page = await browser.newPage();
    await page.goto(live.url);
    const rows = page.locator('#units tr');
    await expect(rows).toHaveCount(3);
    await expect(page.locator('#status')).toContainText('connection open');
    await expect(rows.nth(0)).toHaveAttribute('data-state', 'waiting');
    await expect(page.locator('#plans')).toContainText(`major: n ${plan.n}, Ac ${plan.ac}, Re ${plan.re}`);

    live.publish({
      type: 'unit',
      unit: report('SN-A', 0, {
        state: 'running',
        progress: { done: 3, total: 14, last: { id: 'FR-TID-001', verdict: 'PASS' } },
      }),
    });
    await expect(rows.nth(0)).toHaveAttribute('data-state', 'running');
    await expect(rows.nth(0)).toContainText('3/14');
    await expect(rows.nth(0)).toContainText('PASS FR-TID-001');

    const failed = {
      serial: 'SN-B',
      cases: [{ id: 'FR-OPC-001', severity: 'major' as const, verdict: 'FAIL' as const }],
    };
    live.publish({
      type: 'unit',
      unit: report('SN-B', 1, {
        state: 'done',
        progress: { done: 14, total: 14 },
        attempts: [{ dir: 'units/SN-B', exitCode: 1, durationMs: 5000, result: failed }],
      }),
    });
    await expect(rows.nth(1)).toHaveAttribute('data-state', 'done');
    await expect(rows.nth(1).locator('td').nth(2)).toHaveText('FAIL');
    await expect(rows.nth(1)).toContainText('FR-OPC-001 (major)');
    await expect(page.locator('#summary')).toContainText('1 running');

    // a page opened now gets the whole state at once
    const late = await browser.newPage();
    await late.goto(live.url);
    await expect(late.locator('#units tr').nth(1).locator('td').nth(2)).toHaveText('FAIL');

    live.finish(lotDecision(new Map([['major', plan]]), [failed]));
    const decided = lotDecision(new Map([['major', plan]]), [failed]).decision;
    await expect(page.locator('#status')).toContainText(`decision: ${decided.toUpperCase()}`);
    await expect(late.locator('#status')).toHaveAttribute('data-decision', decided);

    await live.close();
    await expect(page.locator('#status')).toContainText('connection closed');
  } finally {
    await browser.close();
    await live.close().catch(() => {});
  }
});
