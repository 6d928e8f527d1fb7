import { expect, test } from '@playwright/test';
import { fail, type Verdict, VerdictError, worse } from './verdict.ts';

test('a verdict only gets worse: PASS → INCONC → FAIL, ERROR above all, NA below PASS', () => {
  const order: Verdict[] = ['NA', 'PASS', 'INCONC', 'FAIL', 'ERROR'];
  for (const [i, a] of order.entries()) {
    for (const [j, b] of order.entries()) {
      expect(worse(a, b), `worse(${a}, ${b})`).toBe(order[Math.max(i, j)]);
    }
  }
});

test('fail() names the rule, expected and actual, and the frames', () => {
  let error: unknown;
  try {
    fail('TID echoed (EL-1.14/2/3.2.2)', '0x0007', '0x0008', [3, 4]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VerdictError);
  expect((error as VerdictError).message).toBe(
    'FAIL: TID echoed (EL-1.14/2/3.2.2): expected 0x0007, got 0x0008 (transcript #3, #4)',
  );
});
