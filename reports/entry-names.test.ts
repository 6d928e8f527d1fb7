// Names of bundle files (reports/entry-names.ts): plain relative paths only, and no two names that land on
// one file — given twice, differing only in case or Unicode normalisation, or a file that is also a folder.
import { expect, test } from '@playwright/test';
import { nameClashes, unsafeName } from './entry-names.ts';

test('plain relative paths are safe; "..", ".", absolute, backslash, drive letter, controls, folders are not', () => {
  for (const name of [
    'run-record.json',
    'transcripts/FR-TID-001.txt',
    'toString',
    '__proto__',
    'caf\u00e9',
    '..x',
  ])
    expect(unsafeName(name), `${JSON.stringify(name)}: expected safe`).toBeUndefined();
  const unsafe: [string, RegExp][] = [
    ['', /empty name/],
    ['..', /'\.\.' path segment/],
    ['a/../b', /'\.\.' path segment/],
    ['./a', /'\.' path segment/],
    ['/a', /absolute path/],
    ['a\\b', /backslash/],
    ['C:a', /drive letter/],
    ['c:/a', /drive letter/],
    ['a\u0000', /control character/],
    ['a\nb', /control character/],
    ['a\u007f', /control character/],
    ['a//b', /empty path segment/],
    ['a/', /folder entry/],
  ];
  for (const [name, reason] of unsafe)
    expect(unsafeName(name) ?? 'safe', `${JSON.stringify(name)}: expected refused for ${reason}`).toMatch(
      reason,
    );
});

test('names given twice, differing only in case or normalisation, or a file that is a folder, clash', () => {
  expect(
    nameClashes(['a', 'b/c', 'b/d', '__proto__', 'toString']),
    'distinct names: expected no clash',
  ).toEqual([]);
  const cases: [string[], RegExp][] = [
    [['run-record.json', 'run-record.json'], /run-record\.json is given twice/],
    [['__proto__', '__proto__'], /__proto__ is given twice/],
    [['constructor', 'constructor'], /constructor is given twice/],
    [['Run-Record.json', 'run-record.json'], /differ only in case/],
    [['caf\u00e9', 'cafe\u0301'], /differ only in case or normalisation/],
    [['transcripts', 'transcripts/FR-TID-001.txt'], /transcripts is a file and the folder of/],
    [['Transcripts/a', 'transcripts'], /transcripts is a file and the folder of Transcripts\/a/],
  ];
  for (const [names, clash] of cases)
    expect(
      nameClashes(names).join('\n'),
      `${JSON.stringify(names)}: expected a clash matching ${clash}`,
    ).toMatch(clash);
});
