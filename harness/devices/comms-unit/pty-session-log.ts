// One line per session event of the emulated module, for `smcert emulate --serial` to print as progress:
// the PANA session coming up (first join, or again after EVENT 29: a re-authentication), its failure and
// end, the active scan, the ARIB limit, and every datagram crossing the radio link, decoded
// (echonet-smart-meter.md §4.2 events, §4.4 connect sequence). Read from the module's own hooks and
// output; nothing is added to what the host sees.
import type { Clock } from '../../clock/clock.ts';
import { decodeStrict } from '../../echonet/decode-strict.ts';
import { describeFrame } from '../../echonet/describe-frame.ts';
import { EVENT } from './skstack-lines.ts';
import type { SkstackModule } from './skstack-module.ts';

const EVENT_TEXT: Readonly<Record<number, string>> = {
  [EVENT.ACTIVE_SCAN_DONE]: 'active scan done (EVENT 22)',
  [EVENT.PANA_ERROR]: 'PANA authentication failed (EVENT 24): wrong Route-B ID or password',
  [EVENT.TERM_REQUESTED]: 'the meter asks to end the session (EVENT 26)',
  [EVENT.TERM_DONE]: 'session terminated (EVENT 27)',
  [EVENT.TERM_TIMED_OUT]: 'session termination timed out, session closed (EVENT 28)',
  [EVENT.LIFETIME_EXPIRED]: 'PANA session lifetime expired (EVENT 29)',
  [EVENT.ARIB_LIMITED]: 'ARIB STD-T108 send-time limit reached: SKSENDTO refused (EVENT 32)',
  [EVENT.ARIB_RELEASED]: 'ARIB STD-T108 send-time limit released (EVENT 33)',
};

/** Calls `print` with one line per event; returns how to stop. */
export function logSession(module: SkstackModule, clock: Clock, print: (line: string) => void): () => void {
  const stamp = (text: string): void => print(`${new Date(clock.now()).toISOString().slice(11, 23)} ${text}`);
  let sessions = 0;
  let expired = false;
  let beacons = 0;
  const stops = [
    module.onSessionEstablished(() => {
      sessions++;
      if (sessions === 1) stamp(`PANA session up (EVENT 25): joined the meter ${module.meterAddress}`);
      else stamp(expired ? 're-authenticated: session up again' : `session up again (join ${sessions})`);
      expired = false;
    }),
    module.onOutput((chunk) => {
      for (const event of eventsIn(chunk)) {
        if (event.num === EVENT.LIFETIME_EXPIRED) expired = true;
        if (event.num === EVENT.BEACON) {
          if (beacons++ === 0) stamp('active scan: the meter answered (EVENT 20)');
        } else if (event.num === EVENT.UDP_SENT && event.param === 0x01) {
          stamp('UDP send failed (EVENT 21 01)');
        } else {
          const text = EVENT_TEXT[event.num];
          if (text) stamp(text);
        }
      }
    }),
    module.radio.meter.onReceive((d) => stamp(`host → meter ${describeBytes(d.bytes)}`)),
    module.radio.onFromMeter((d) =>
      stamp(`meter → host${d.multicast ? ' (multicast)' : ''} ${describeBytes(d.bytes)}`),
    ),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

function describeBytes(bytes: Uint8Array): string {
  const decoded = decodeStrict(bytes);
  if (decoded.ok) return describeFrame(decoded.frame);
  return `${bytes.length} bytes, not a valid frame: ${decoded.error.message}`;
}

/** EVENT lines of one output chunk; ERXUDP chunks (binary data) are skipped. */
function eventsIn(chunk: Uint8Array): { num: number; param: number | undefined }[] {
  const text = Buffer.from(chunk).toString('latin1');
  if (text.startsWith('ERXUDP')) return [];
  const events: { num: number; param: number | undefined }[] = [];
  for (const line of text.split('\r\n')) {
    const match = /^EVENT ([0-9A-F]{2}) \S+(?: (\S+))*$/.exec(line);
    if (!match) continue;
    const last = match[2];
    events.push({
      num: Number.parseInt(match[1] ?? '', 16),
      param: last ? Number.parseInt(last, 16) : undefined,
    });
  }
  return events;
}
