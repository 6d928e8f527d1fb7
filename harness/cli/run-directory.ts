// What a new run may clear of its --out directory: only the previous run's own files. A previous run is
// recognised by its run-record.json parsing under the schema and its manifest.json listing that very
// record (same SHA-256); then the files the manifest lists, the bundle files (manifest.json,
// statement.dsse.json, public-key.pem) and <dir>.zip — when the manifest inside it is the same — go, and
// the directories they leave empty. Any other file makes the run refuse before anything is removed: the
// bundle signs every file of the run directory, so a stray file would be signed as the run's evidence.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { ENVELOPE, MANIFEST, PUBLIC_KEY } from '../../reports/bundle.ts';
import { readRunRecord, sha256 } from '../../reports/run-record-io.ts';

const RECORD = 'run-record.json';
const BUNDLE_FILES = [MANIFEST, ENVELOPE, PUBLIC_KEY];

/**
 * Checks that `outDir` can take a new run, removing nothing: returns why not, or the function that then
 * makes it ready (created when missing, cleared of the previous run's files).
 */
export function checkRunDirectory(outDir: string): string | (() => void) {
  const zip = `${outDir}.zip`;
  const foreignZip = `${zip} exists and is not the bundle of a run in ${outDir}; move it away`;
  if (!existsSync(outDir)) {
    if (existsSync(zip)) return foreignZip;
    return () => mkdirSync(outDir, { recursive: true });
  }
  if (!lstatSync(outDir).isDirectory()) return `${outDir} is not a directory`;
  const files = filesIn(outDir);
  if (files.length === 0) return existsSync(zip) ? foreignZip : () => {};
  const owned = previousRunFiles(outDir, files);
  if (typeof owned === 'string') return owned;
  const stray = files.filter((f) => !owned.has(f));
  if (stray.length > 0) {
    const shown = stray.slice(0, 8).map((f) => `  ${f}`);
    if (stray.length > 8) shown.push(`  … and ${stray.length - 8} more`);
    return `${outDir} holds files the previous run did not write:\n${shown.join('\n')}\nthe bundle signs every file of the run directory: move them away or give another --out`;
  }
  const zipIsOurs = existsSync(zip) && zipManifest(zip)?.equals(readFileSync(join(outDir, MANIFEST)));
  if (existsSync(zip) && !zipIsOurs)
    return `${zip} exists and is not the bundle of a run in ${outDir} (its manifest differs); move it away`;
  return () => {
    const emptied = new Set<string>();
    for (const f of files) {
      rmSync(join(outDir, f));
      for (let d = dirname(f); d !== '.'; d = dirname(d)) emptied.add(d);
    }
    // deepest first, and only directories that held the run's files and are now empty
    for (const d of [...emptied].sort((a, b) => b.length - a.length)) {
      if (readdirSync(join(outDir, d)).length === 0) rmdirSync(join(outDir, d));
    }
    if (zipIsOurs) rmSync(zip);
  };
}

/** The files of a previous run found in `outDir`, or why the directory is not a previous run's. */
function previousRunFiles(outDir: string, files: readonly string[]): Set<string> | string {
  if (!files.includes(RECORD))
    return `${outDir} is not empty and holds no run record; give a new or empty directory to --out`;
  try {
    readRunRecord(join(outDir, RECORD));
  } catch (error) {
    return `${join(outDir, RECORD)} is not a run record (${(error as Error).message}); nothing was removed: give a new or empty directory to --out`;
  }
  const listed = manifestFiles(join(outDir, MANIFEST));
  if (!listed)
    return `${outDir} holds a run record but no manifest: that run never wrote its reports; finish it with smcert run --resume ${outDir}, or remove the directory yourself`;
  if (listed[RECORD] !== sha256(readFileSync(join(outDir, RECORD))))
    return `${outDir}: manifest.json does not list this run-record.json (a run was resumed or changed after its reports); finish it with smcert run --resume ${outDir}, or remove the directory yourself`;
  // a manifest naming a path outside the directory names nothing of ours
  const inside = Object.keys(listed).filter((f) => !f.startsWith('/') && !f.split('/').includes('..'));
  return new Set([...inside, ...BUNDLE_FILES]);
}

function manifestFiles(file: string): Record<string, string> | undefined {
  try {
    const { files } = JSON.parse(readFileSync(file, 'utf8')) as { files?: unknown };
    // name → SHA-256, or a list of { name, sha256 }
    if (Array.isArray(files))
      return Object.fromEntries(files.map((f: { name: string; sha256: string }) => [f.name, f.sha256]));
    if (typeof files !== 'object' || files === null) return undefined;
    return files as Record<string, string>;
  } catch {
    return undefined;
  }
}

function zipManifest(zip: string): Buffer | undefined {
  try {
    const entry = unzipSync(new Uint8Array(readFileSync(zip)), { filter: (f) => f.name === MANIFEST })[
      MANIFEST
    ];
    return entry ? Buffer.from(entry) : undefined;
  } catch {
    return undefined; // not a zip: not ours
  }
}

/** Every file (and symbolic link, never followed) below `dir`, relative with '/' separators. */
function filesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (lstatSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
