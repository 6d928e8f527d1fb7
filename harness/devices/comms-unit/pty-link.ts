// A stable name for the pseudo-terminal: a symbolic link to /dev/pts/N, so that a HEMS program can be
// configured once (`--link ~/ttyWISUN`). Default /tmp/smcert-wisun-<pid> (os.tmpdir()), one per process,
// so two emulators never take each other's. A link left by a killed emulator points nowhere and is
// replaced; anything else at the path is refused.
import { existsSync, lstatSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function defaultLinkPath(pid: number = process.pid): string {
  return join(tmpdir(), `smcert-wisun-${pid}`);
}

/** Creates `link` → `target`; throws naming the path when it is taken. */
export function createLink(link: string, target: string): void {
  try {
    symlinkSync(target, link);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`cannot create the link ${link}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!lstatSync(link).isSymbolicLink() || existsSync(link)) {
    throw new Error(
      `cannot create the link ${link}: the path is taken (${describeTaken(link)}); remove it or give another --link`,
    );
  }
  unlinkSync(link); // a dangling link: a previous emulator's, its PTY gone
  symlinkSync(target, link);
}

/** Removes the link if it still points at `target` (never someone else's file). */
export function removeLink(link: string, target: string): void {
  try {
    if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) unlinkSync(link);
  } catch {
    // already gone
  }
}

function describeTaken(link: string): string {
  if (!lstatSync(link).isSymbolicLink()) return 'not a link';
  return `a link to ${readlinkSync(link)}, which exists`;
}
