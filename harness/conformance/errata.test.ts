// suites/errata.json: every erratum names a case the suite runs (as Playwright lists the conformance
// project), and a malformed errata file is refused naming the file, the JSON pointer and the fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { listCases } from '../cli/case-list.ts';
import { smcertSync } from '../cli/smcert-child.ts';
import { loadProfile } from '../profile/load-profile.ts';
import { ERRATA_FILE, ErrataError, loadErrata, unknownErrata } from './errata.ts';

const REFERENCE_PROFILE = fileURLToPath(new URL('../../profiles/reference-lv-meter.json', import.meta.url));

test('every erratum of suites/errata.json names a case the suite lists', () => {
  test.setTimeout(60_000);
  const ids = listCases(loadProfile(REFERENCE_PROFILE).profile).map((c) => c.id);
  expect(ids.length, 'the conformance project lists its cases').toBeGreaterThan(40);
  expect(ids, 'the listing gives case ids').toContain('LV-BR-E5-002');
  expect(unknownErrata(ERRATA_FILE, loadErrata(), ids), 'errata naming no case').toEqual([]);
});

test('an erratum naming no case is named with its pointer and the fix', () => {
  const errata = new Map([
    ['LV-BR-E5-002', { reason: 'known' }],
    ['LV-BR-E5-999', { reason: 'a typo' }],
  ]);
  expect(unknownErrata('suites/errata.json', errata, ['LV-BR-E5-002'])).toEqual([
    "suites/errata.json: at /errata/LV-BR-E5-999: no case of the suite has the id 'LV-BR-E5-999' — write the id of an existing case (as its conformance() call declares it) or remove the entry",
  ]);
});

test.describe('smcert run with an errata file (SMCERT_ERRATA)', () => {
  let dir: string;
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smcert-errata-run-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (errata: object, args: readonly string[]) => {
    const file = join(dir, `errata-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ version: 1, errata }));
    const out = join(dir, `run-${Math.random().toString(36).slice(2)}`);
    const result = smcertSync(['run', '--profile', REFERENCE_PROFILE, '--out', out, ...args], {
      env: { SMCERT_ERRATA: file },
    });
    return { ...result, file };
  };

  test('a malformed file stops the run before any case, one line per problem and no stack', () => {
    const result = run({ 'lv-br-e5-2': { reason: 'known' } }, ['--grep', 'NP-ID-001']);
    expect(result.code, `refused\n${result.out}${result.err}`).not.toBe(0);
    expect(result.err, 'the file, the pointer and the fix').toContain(
      `${result.file}: at /errata/lv-br-e5-2: 'lv-br-e5-2' is not a case id — write the id of a case, e.g. LV-BR-E5-002`,
    );
    expect(result.err, 'no stack trace').not.toMatch(/at loadErrata|ErrataError/);
    expect(result.out, 'no case ran').not.toContain('cases against');
  });

  test('a run of every case flags an erratum that names no case', () => {
    test.setTimeout(120_000);
    const result = run({ 'LV-BR-XX-001': { reason: 'a typo' } }, []);
    expect(result.code, `the run itself passes\n${result.out}${result.err}`).toBe(0);
    expect(result.out, 'the unknown id is named with its pointer and fix').toContain(
      `smcert: erratum ignored: ${result.file}: at /errata/LV-BR-XX-001: no case of the suite has the id 'LV-BR-XX-001'`,
    );
  });
});

test.describe('a malformed errata file is refused naming the file, the pointer and the fix', () => {
  let dir: string;
  test.beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'smcert-errata-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const refused = (name: string, content: string): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    try {
      loadErrata(file);
    } catch (error) {
      expect(error, 'an ErrataError').toBeInstanceOf(ErrataError);
      return (error as Error).message;
    }
    throw new Error(`${name} was accepted: ${content}`);
  };

  for (const { name, errata, line } of [
    {
      name: 'wrong type',
      errata: { 'LV-BR-E5-002': { reason: 42 } },
      line: 'at /errata/LV-BR-E5-002/reason: must be string — see suites/errata.schema.json',
    },
    {
      name: 'unknown field',
      errata: { 'LV-BR-E5-002': { reason: 'known', url: 'https://example.org/1' } },
      line: "at /errata/LV-BR-E5-002: unknown field 'url' — remove it; an erratum has a reason and a link",
    },
    {
      name: 'bad id shape',
      errata: { 'lv-br-e5-2': { reason: 'known' } },
      line: "at /errata/lv-br-e5-2: 'lv-br-e5-2' is not a case id — write the id of a case, e.g. LV-BR-E5-002",
    },
    {
      name: 'no reason',
      errata: { 'LV-BR-E5-002': { link: 'issue 7' } },
      line: "at /errata/LV-BR-E5-002: missing field 'reason' — add it: say why the case is wrong",
    },
  ]) {
    test(name, () => {
      const file = `${name.replaceAll(' ', '-')}.json`;
      const message = refused(file, JSON.stringify({ version: 1, errata }));
      expect(message, `${name}: one line naming the file, pointer and fix`).toBe(
        `${join(dir, file)}: ${line}`,
      );
    });
  }

  test('not JSON, and a field beside errata', () => {
    expect(refused('syntax.json', '{"version": 1,')).toMatch(
      /syntax\.json: at \/: not valid JSON .* — fix the syntax$/,
    );
    expect(refused('top.json', JSON.stringify({ version: 1, errata: {}, cases: [] }))).toContain(
      "top.json: at /: unknown field 'cases' — remove it; the fields are version and errata",
    );
  });
});
