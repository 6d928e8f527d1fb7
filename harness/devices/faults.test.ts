import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { clauses } from '../conformance/clauses.ts';
import { FAULTS, faultsMarkdown } from './faults.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Device code, without the fault lists themselves (the files that build FaultDefinition lists). */
function deviceCode(): string {
  return sources(HERE)
    .map((file) => readFileSync(file, 'utf8'))
    .filter((text) => !/FaultDefinition\b/.test(text))
    .join('\n');
}

test.describe('fault switches', () => {
  test('ids are unique and every one is checked by some device code', () => {
    const ids = FAULTS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const code = deviceCode();
    for (const id of ids)
      expect(code.includes(`'${id}'`), `fault '${id}' is not used by any device`).toBe(true);
  });

  test('each names the clause-registry id of its rule, and the profile it needs exists', () => {
    const registry = clauses();
    for (const f of FAULTS) {
      expect(registry.has(f.clause), `fault '${f.id}': clause '${f.clause}' is in suites/clauses.json`).toBe(
        true,
      );
      if (f.profile)
        expect(existsSync(join(HERE, '../..', f.profile)), `fault '${f.id}': ${f.profile} exists`).toBe(true);
    }
  });

  test('harness/devices/FAULTS.md is generated from faults.ts (run npm run faults:doc)', () => {
    expect(readFileSync(join(HERE, 'FAULTS.md'), 'utf8')).toBe(faultsMarkdown());
  });
});
