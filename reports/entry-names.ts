// Which names a file of an evidence bundle may have, in the manifest, in the zip or on disk: a plain
// relative path with '/' between its folders, that extracts to the same single place on every system.
// An extractor that writes `../x`, `/etc/x`, `C:x` or `a\b` puts it outside the bundle (zip slip) or
// somewhere else on Windows; two names that differ only in case land on one file on macOS and Windows.

/** Why `name` cannot name a bundle file, or undefined when it can. */
export function unsafeName(name: string): string | undefined {
  if (name === '') return 'an empty name';
  // C0 controls and DEL: NUL ends the name for C code, a newline forges lines of the problem list
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a control character in the name';
  if (name.includes('\\')) return 'a backslash, the folder separator of Windows';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  if (name.endsWith('/')) return 'a folder entry; a bundle lists files only';
  for (const segment of name.split('/')) {
    if (segment === '') return 'an empty path segment, //';
    if (segment === '.' || segment === '..') return `a '${segment}' path segment`;
  }
  return undefined;
}

/** The key two names share when a case-insensitive, normalising file system (macOS, Windows) merges them. */
function folded(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Each clash among the names: a name given twice, two names that differ only in case or Unicode
 * normalisation, a file that is also the folder of another. Maps only: a name such as `__proto__` or
 * `toString` is a key like any other.
 */
export function nameClashes(names: readonly string[]): string[] {
  const clashes: string[] = [];
  const files = new Map<string, string>();
  const folders = new Map<string, string>(); // folded folder → a file inside it
  for (const name of names) {
    const key = folded(name);
    const earlier = files.get(key);
    if (earlier === name) clashes.push(`duplicate: ${show(name)} is given twice`);
    else if (earlier !== undefined)
      clashes.push(`duplicate: ${show(name)} and ${show(earlier)} differ only in case or normalisation`);
    else files.set(key, name);
    const segments = name.split('/');
    for (let n = 1; n < segments.length; n++) {
      const folder = folded(segments.slice(0, n).join('/'));
      if (!folders.has(folder)) folders.set(folder, name);
    }
  }
  for (const [key, name] of files) {
    const inside = folders.get(key);
    if (inside !== undefined)
      clashes.push(`duplicate: ${show(name)} is a file and the folder of ${show(inside)}`);
  }
  return clashes;
}

/** A name as the problem list shows it: quoted when it holds anything but plain path characters. */
export function show(name: string): string {
  return /^[\w.\-/@+ ]+$/.test(name) ? name : JSON.stringify(name);
}
