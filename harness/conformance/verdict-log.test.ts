import { expect, test } from '@playwright/test';
import { VerdictLog } from './verdict-log.ts';

test('noted verdicts merge to the worst, and every reason is kept', () => {
  const log = new VerdictLog();
  expect(log.verdict).toBe('PASS');
  log.inconclusive('cycle 2: no reverse flow');
  expect(log.verdict).toBe('INCONC');
  expect(log.check(true, 'never', 'x', 'x')).toBe(true);
  log.check(false, 'EA within 5 min after 13:00', 'by 13:05', '13:07', [4]);
  log.inconclusive('cycle 9: no reverse flow');
  expect(log.verdict, 'FAIL after INCONC stays FAIL').toBe('FAIL');
  expect(log.reason().split('\n')).toEqual([
    '3 findings (1 FAIL, 2 INCONC); the first: EA within 5 min after 13:00: expected by 13:05, got 13:07 (transcript #4)',
    'EA within 5 min after 13:00: expected by 13:05, got 13:07 (transcript #4)',
    '(INCONC) cycle 2: no reverse flow',
    '(INCONC) cycle 9: no reverse flow',
  ]);
  const one = new VerdictLog();
  one.check(false, 'rule', 'a', 'b');
  expect(one.reason(), 'a single finding is its own reason').toBe('rule: expected a, got b');
});
