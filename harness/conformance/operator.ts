// Steps for the person at the bench (power the device up, …): a case writes them to its stderr with a
// prefix, the run reporter (reports/run-reporter.ts) prints them as they come, and the case's
// annotations keep them for the record.
import { test } from '@playwright/test';

/** Lines of a worker's stderr that the run reporter prints at once. */
export const OPERATOR_PREFIX = 'smcert operator: ';

export function tellOperator(text: string): void {
  process.stderr.write(`${OPERATOR_PREFIX}${text}\n`);
  test.info().annotations.push({ type: 'operator', description: text });
}
