// The resolved profile of a run: written with its secrets redacted, read back whole by the run's child
// processes (the secrets from their environment only).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { loadProfile } from './load-profile.ts';
import { REDACTED } from './redact.ts';
import { runProfile, writeResolvedProfile } from './run-profile.ts';

const REFERENCE = fileURLToPath(new URL('../../profiles/reference-lv-meter.json', import.meta.url));

test('the resolved profile on disk has no secret; the run reads it back with the secrets and the defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smcert-resolved-'));
  try {
    const loaded = loadProfile(REFERENCE).profile;
    const secret = { id: 'A'.repeat(32), password: 'SECRETSECRET' };
    const profile = { ...loaded, routeB: secret };
    const file = join(dir, 'profile.resolved.json');
    const env = writeResolvedProfile(file, profile);
    const text = readFileSync(file, 'utf8');
    expect(text, 'no secret in the file').not.toContain(secret.password);
    expect(text, 'no secret in the file').not.toContain(secret.id);
    expect(JSON.parse(text).routeB).toEqual({ id: REDACTED, password: REDACTED });
    expect(JSON.parse(text).timers, 'the defaults are filled in').toEqual(loaded.timers);
    expect(runProfile(env), 'read back whole').toEqual(profile);
    expect(runProfile({ SMCERT_PROFILE: REFERENCE }), 'a run started by hand reads its file').toEqual(loaded);
    expect(runProfile({})).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
