// The serial line to the module as text, both ways, for a case's evidence beside its frame transcript:
// each command the host wrote (SKSETPWD and SKSETRBID redacted, SKSENDTO's data as its length) and each
// record the module's output made (echonet-smart-meter.md §4.1–4.3). Echoes are left out: an echo of
// SKSETPWD would carry the password.
import type { SkstackCommandRunner } from './command-runner.ts';
import type { SkstackLink } from './module-link.ts';
import type { SkstackRecord } from './records.ts';

export interface SerialLogEntry {
  readonly direction: 'sent' | 'received';
  readonly text: string;
}

/** A command line as logged: `SKSENDTO 1 FE80:… 0E1A 1 000E <14 bytes>`. */
export function sentText(printable: string, data: Uint8Array | undefined): string {
  return data === undefined ? printable : `${printable} <${data.length} bytes>`;
}

/** A record as logged, or undefined for an echo. */
export function receivedText(record: SkstackRecord): string | undefined {
  switch (record.kind) {
    case 'echo':
      return undefined;
    case 'udp':
      return `ERXUDP ${record.sender} → ${record.dest} ${hex4(record.rport)} ${hex4(record.lport)} ${record.secured ? 'secured' : 'plain'}${record.lqi === undefined ? '' : ` LQI ${record.lqi}`} <${record.data.length} bytes>`;
    case 'pan':
      return `EPANDESC ${Object.entries(record.fields)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')}`;
    case 'garbage':
      return `unreadable (${record.reason}): ${record.bytes.length} bytes`;
    default:
      return record.text;
  }
}

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** Logs every command `runner` writes and every record `link` reads, from now on. */
export function logSerialLine(
  runner: SkstackCommandRunner,
  link: SkstackLink,
  log: (entry: SerialLogEntry) => void,
): void {
  runner.onWrite(({ printable, data }) => log({ direction: 'sent', text: sentText(printable, data) }));
  link.onRecord((record) => {
    const text = receivedText(record);
    if (text !== undefined) log({ direction: 'received', text });
  });
}
