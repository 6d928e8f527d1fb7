// Files the harness keeps for a real device in the temp folder, named by its endpoint: machine-wide (the
// lock every run and worker takes, harness/conformance/device-lock.ts) or of this run — the test runner,
// parent of every worker, so they outlive the worker processes Playwright restarts (the silence state,
// the TIDs sent).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoint } from '../transport/transport.ts';

export function deviceFile(device: Endpoint, name: string, scope: 'machine' | 'run'): string {
  const endpoint = `${device.address.replace(/[^0-9A-Za-z.]/g, '_')}-${device.port}`;
  return join(tmpdir(), `smcert-${name}-${scope === 'run' ? `${process.ppid}-` : ''}${endpoint}`);
}
