// Which cases a run runs: --grep over id, title and tags; a resumed run leaves out what has a verdict; the
// Playwright grep of the selected ids keeps exactly them.
import { expect, test } from '@playwright/test';
import { idsGrep, type ListedCase, SelectionError, selectCases } from './selection.ts';

const listed = (id: string, title: string, area: string): ListedCase => ({
  id,
  title,
  tags: [`@${id}`, `@area-${area}`],
  realTimeMs: 1000,
});
const ALL = [
  listed('LV-BR-INF-001', 'EA is notified within 5 min', 'b-route-lv'),
  listed('LV-BR-INF-0011', 'a case whose id extends another', 'b-route-lv'),
  listed('FR-TID-001', 'the TID is echoed', 'frame'),
  listed('NP-D5-001', 'the node announces its instance list', 'node-profile'),
];
const ids = (cases: readonly { id: string }[]) => cases.map((c) => c.id);

test('--grep matches a case id, title or tag, without case; the rest are not selected, with why', () => {
  expect(ids(selectCases(ALL, { grep: 'inf-001$' }).selected)).toEqual([]);
  expect(ids(selectCases(ALL, { grep: 'LV-BR-INF-001 ' }).selected)).toEqual(['LV-BR-INF-001']);
  expect(ids(selectCases(ALL, { grep: 'echoed' }).selected)).toEqual(['FR-TID-001']);
  const byArea = selectCases(ALL, { grep: '@area-frame' });
  expect(ids(byArea.selected)).toEqual(['FR-TID-001']);
  expect(byArea.notSelected).toContainEqual({
    id: 'NP-D5-001',
    reason: 'not selected by --grep @area-frame',
  });
  expect(ids(selectCases(ALL).selected)).toEqual(ids(ALL));
  expect(selectCases(ALL).notSelected).toEqual([]);
});

test('a resumed run runs only the cases without a verdict; those are neither selected nor "not selected"', () => {
  const resumed = selectCases(ALL, { done: ['LV-BR-INF-001', 'NP-D5-001'] });
  expect(ids(resumed.selected)).toEqual(['LV-BR-INF-0011', 'FR-TID-001']);
  expect(resumed.notSelected).toEqual([]);
});

test('a --grep that is no regular expression is refused naming the option', () => {
  expect(() => selectCases(ALL, { grep: 'LV-(' })).toThrow(SelectionError);
  expect(() => selectCases(ALL, { grep: 'LV-(' })).toThrow(/--grep LV-\( is not a regular expression/);
});

test('the Playwright grep of the selected ids keeps exactly those ids, never one that extends them', () => {
  const grep = new RegExp(idsGrep(['LV-BR-INF-001', 'FR-TID-001']), 'gi');
  const subject = (c: ListedCase) => `conformance ${c.id} ${c.title} ${c.tags.join(' ')}`;
  const kept = ALL.filter((c) => {
    grep.lastIndex = 0;
    return grep.test(subject(c));
  });
  expect(ids(kept)).toEqual(['LV-BR-INF-001', 'FR-TID-001']);
  const none = new RegExp(idsGrep([]), 'gi');
  expect(ALL.some((c) => none.test(subject(c)))).toBe(false);
});
