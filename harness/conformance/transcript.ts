// Every frame between the harness and the device under test, both ways, in order: the evidence a verdict
// points at (by sequence number). Frames are kept as bytes and described as the strict decoder reads them;
// a frame the strict decoder rejects is described with the rule it breaks.
import { JST_OFFSET_MS } from '../clock/jst.ts';
import { decodeStrict } from '../echonet/decode-strict.ts';
import { describeFrame } from '../echonet/describe-frame.ts';
import { toHex } from '../echonet/hex.ts';
import type { Endpoint } from '../transport/transport.ts';

export interface TranscriptEntry {
  /** 1, 2, …: what verdicts cite as #n. */
  readonly seq: number;
  readonly direction: 'sent' | 'received';
  /** The run's clock (virtual for emulated targets), epoch ms. */
  readonly at: number;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly multicast: boolean;
  readonly hex: string;
  /** The strict decoder's reading, or the rule the bytes break. */
  readonly summary: string;
  /** What the harness made of the frame when it is not what it looks like (a late reply, …). */
  note?: string;
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  /** Frames from other hosts that were counted, not kept (harness/conformance/dut-client.ts). */
  othersIgnored = 0;

  record(entry: Omit<TranscriptEntry, 'seq' | 'hex' | 'summary'> & { bytes: Uint8Array }): TranscriptEntry {
    const decoded = decodeStrict(entry.bytes);
    const { bytes, ...rest } = entry;
    const recorded: TranscriptEntry = {
      ...rest,
      seq: this.entries.length + 1,
      hex: toHex(bytes),
      summary: decoded.ok ? describeFrame(decoded.frame) : `malformed: ${decoded.error.message}`,
    };
    this.entries.push(recorded);
    return recorded;
  }

  /** One line per frame: `#3 12:10:05.000 → 127.0.0.2:3610 TID=0001 05FF01→028801 Get [0xE7] | 1081…`. */
  text(): string {
    const others = this.othersIgnored
      ? [`(${this.othersIgnored} frames from other hosts on the network were counted, not kept)`]
      : [];
    return [...this.entries.map(line), ...others].join('\n');
  }
}

function line(e: TranscriptEntry): string {
  const time = new Date(e.at + JST_OFFSET_MS).toISOString().slice(0, 23).replace('T', ' ');
  const arrow = e.direction === 'sent' ? `→ ${endpoint(e.to)}` : `← ${endpoint(e.from)}`;
  const note = e.note ? ` [${e.note}]` : '';
  return `#${e.seq} ${time} JST ${arrow}${e.multicast ? ' (multicast)' : ''} ${e.summary}${note} | ${e.hex}`;
}

const endpoint = (e: Endpoint) =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
