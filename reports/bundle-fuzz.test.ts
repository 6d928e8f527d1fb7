// Property: no single mutation of an evidence bundle goes unnoticed (issue 10, finding 4). One small real
// bundle is signed once (reports/tiny-bundle.ts); then any byte of any entry flipped, inserted or deleted,
// any entry renamed, added, removed or given twice, in the directory and in the zip, and any byte of the
// zip file itself flipped, inserted or deleted, must make verify say it is not intact (ok false, or
// BundleError: no bundle to check). fast-check prints the seed and path of a counterexample.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { verifyBundle } from './bundle.ts';
import { applyMutation, describeMutation, mutationArbitrary } from './bundle-mutation.ts';
import { intact, type TinyBundle, tinyBundle } from './tiny-bundle.ts';
import { writeZip, type ZipEntry } from './zip-entries.ts';

const RUNS = 300;

let bundle: TinyBundle;
let cases = 0;

test.beforeAll(() => {
  bundle = tinyBundle();
});
test.afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

/** The entries as a bundle directory; undefined when a file system cannot hold them (a file under a file). */
function asDirectory(entries: readonly ZipEntry[]): string | undefined {
  const dir = join(bundle.dir, `case-${++cases}`);
  try {
    for (const e of entries) {
      mkdirSync(dirname(join(dir, e.name)), { recursive: true });
      writeFileSync(join(dir, e.name), e.bytes);
    }
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

test('the unmutated bundle verifies, so every refusal below is the mutation’s doing', () => {
  const dir = asDirectory(bundle.entries)!;
  const zip = join(bundle.dir, 'unmutated.zip');
  writeFileSync(zip, writeZip(bundle.entries, new Date(bundle.record.startedAt)));
  for (const path of [dir, zip])
    expect(verifyBundle(path).problems, `${path}: expected no problem in the bundle as built`).toEqual([]);
  rmSync(dir, { recursive: true });
});

test('any single mutation of a byte, a name or an entry of the bundle directory is detected', () => {
  const entries = bundle.entries;
  fc.assert(
    fc.property(
      mutationArbitrary(entries, {
        fileNamesOnly: true,
        kinds: ['flip', 'insert', 'delete', 'rename', 'add', 'remove'],
      }),
      (m) => {
        const dir = asDirectory(applyMutation(entries, m));
        fc.pre(dir !== undefined);
        const ok = intact(dir!);
        rmSync(dir!, { recursive: true, force: true });
        expect(
          ok,
          `every change is detected: expected not intact after ${describeMutation(entries, m)}, got intact`,
        ).toBe(false);
      },
    ),
    { numRuns: RUNS },
  );
});

test('any single mutation of a byte, a name or an entry of the bundle zip is detected', () => {
  const entries = bundle.entries;
  const zip = join(bundle.dir, 'mutated.zip');
  fc.assert(
    fc.property(mutationArbitrary(entries, { fileNamesOnly: false }), (m) => {
      writeFileSync(zip, writeZip(applyMutation(entries, m), new Date(bundle.record.startedAt)));
      expect(
        intact(zip),
        `every change is detected: expected not intact after ${describeMutation(entries, m)} in the zip, got intact`,
      ).toBe(false);
    }),
    { numRuns: RUNS },
  );
});

test('any byte of the zip file flipped, inserted or deleted is detected', () => {
  const file: ZipEntry = {
    name: 'run.zip',
    bytes: writeZip(bundle.entries, new Date(bundle.record.startedAt)),
  };
  const zip = join(bundle.dir, 'flipped.zip');
  fc.assert(
    fc.property(
      mutationArbitrary([file], { fileNamesOnly: false, kinds: ['flip', 'insert', 'delete'] }),
      (m) => {
        writeFileSync(zip, applyMutation([file], m)[0]!.bytes);
        expect(
          intact(zip),
          `no byte of the zip goes unchecked: expected not intact after ${describeMutation([file], m)}, got intact`,
        ).toBe(false);
      },
    ),
    { numRuns: RUNS },
  );
});
