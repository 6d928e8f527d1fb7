// The dut client's pace: at most the declared requests in any 60 s, the next one waiting until the oldest
// of the window leaves it; on the virtual clock the wait is virtual time.
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
