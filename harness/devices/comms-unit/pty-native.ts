// The low-level openpty(3) of npm node-pty 1.1.0 (its `native.open(cols, rows)`): a master fd, a slave fd
// and the slave's path, nothing read on either side. node-pty's high-level open() reads the slave too and
// steals the client's bytes (skstack-clients.md, PTY), so only this call is used. node-pty marks `native`
// as not public API: package.json pins the version exactly.
import { createRequire } from 'node:module';

export interface OpenedPty {
  readonly master: number;
  readonly slave: number;
  /** The slave's device path, /dev/pts/N: what a client opens. */
  readonly path: string;
}

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

let native: NativePty | undefined;

/** Opens a pseudo-terminal; throws naming node-pty and how to build it when the addon is missing. */
export function openPty(): OpenedPty {
  native ??= loadNative();
  const opened = native.open(80, 24);
  return { master: opened.master, slave: opened.slave, path: opened.pty };
}

function loadNative(): NativePty {
  if (process.platform === 'win32') {
    throw new Error('the emulated module needs a pseudo-terminal (Linux or macOS); Windows has none');
  }
  try {
    const require = createRequire(import.meta.url);
    const loaded = require('node-pty') as { native: NativePty | null };
    if (!loaded.native) throw new Error('node-pty exposes no native openpty on this platform');
    return loaded.native;
  } catch (error) {
    throw new Error(
      `cannot open a pseudo-terminal: npm node-pty is not installed or its addon is not built (${(error as Error).message}); ` +
        'run `npm ci` (it builds node-pty with node-gyp: needs python3, make and g++) or `npm rebuild node-pty`',
      { cause: error },
    );
  }
}
