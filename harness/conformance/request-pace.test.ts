// The dut client's pace: at most the declared requests in any 60 s, the next one waiting until the oldest
// of the window leaves it; on the virtual clock the wait is virtual time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { RequestPace } from './request-pace.ts';

test('a request waits until the last 60 s hold fewer than the declared rate', () => {
  const pace = new RequestPace(3);
  for (const at of [0, 10, 20]) {
    expect(pace.delayAt(at), `request at ${at} ms is within the rate`).toBe(0);
    pace.sentAt(at);
  }
  expect(pace.delayAt(30), 'the fourth waits for the first to leave the window').toBe(60_000 - 30);
  pace.sentAt(60_000);
  expect(pace.delayAt(60_000), 'then the second').toBe(60_010 - 60_000);
  expect(pace.delayAt(200_000), 'a quiet minute later: at once').toBe(0);
});

test('against a real device the window carries over to the next case (a pace read back from its file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-pace-'));
  try {
    const file = join(dir, 'pace');
    const first = new RequestPace(2, file);
    for (const at of [0, 10]) first.sentAt(at);
    const next = new RequestPace(2, file);
    expect(next.delayAt(20), 'the next case waits for the first request to leave the window').toBe(
      60_000 - 20,
    );
    expect(new RequestPace(2, join(dir, 'none')).delayAt(20), 'a run that sent nothing: at once').toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
