// Quantities a case measures on the wire, for the record and the certificate's plots: the case that
// measures a quantity says so (the report never guesses it from frame bytes).
import { test } from '@playwright/test';

/** The measured quantities, by name. */
export const MEASURED = {
  /** ms after the :00/:30 boundary at which each 30-minute EA notification arrived (AIF LV §3.2.1). */
  notificationLatency: 'notification-latency',
  /** ms from each request the harness sent to the reply matched to it (AIF LV §2.4.2). */
  responseTime: 'response-time',
  /** A controller under test: its requests in each minute after its start-up (count; HC-PACE-001). */
  requestsPerMinute: 'requests-per-minute',
  /** MC-FAIR-001: ms from each request of the greedy client (twice its rate) to its answer. */
  greedyClientResponse: 'greedy-client-response-time',
  /** MC-FAIR-001: ms from each request of the other client, meanwhile, to its answer (≤ Timer 1). */
  quietClientResponse: 'quiet-client-response-time',
} as const;

export type MeasuredName = (typeof MEASURED)[keyof typeof MEASURED];

/** Adds `values` of `name` to what the running case measured. */
export function measure(name: MeasuredName, values: readonly number[], unit: 'ms' | 'count' = 'ms'): void {
  if (values.length === 0) return;
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ name, unit, values }) });
}
