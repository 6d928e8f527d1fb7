// Every frame between the harness and the device under test, both ways, in order: the evidence a verdict
// points at (by sequence number). Frames are kept as bytes and described as the strict decoder reads them;
// a frame the strict decoder rejects is described with the rule it breaks. A rule the profile switched off
// (profile.decoder.rules) does not reject a frame: it is described as read without that rule, with a note
// naming the rule it breaks.
import { JST_OFFSET_MS } from '../clock/jst.ts';
import { type DecodeResult, decodeStrict } from '../echonet/decode-strict.ts';
import { describeFrame } from '../echonet/describe-frame.ts';
import type { FrameError } from '../echonet/frame-error.ts';
import type { FrameRuleId, StrictOptions } from '../echonet/frame-rules.ts';
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
  /** The seq of the request this frame was taken as the reply to (harness/conformance/dut-client.ts). */
  answers?: number;
}

export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  /** Frames from other hosts that were counted, not kept (harness/conformance/dut-client.ts). */
  othersIgnored = 0;

  /** `strict`: the rules of the strict decoder the profile switched off (none by default). */
  constructor(private readonly strict: StrictOptions = {}) {}

  record(entry: Omit<TranscriptEntry, 'seq' | 'hex' | 'summary'> & { bytes: Uint8Array }): TranscriptEntry {
    const { result: decoded, waived } = strictReading(entry.bytes, this.strict);
    const { bytes, ...rest } = entry;
    const notes = waived.map((e) => ` [breaks ${e.rule}, switched off by the profile: ${e.message}]`);
    const recorded: TranscriptEntry = {
      ...rest,
      seq: this.entries.length + 1,
      hex: toHex(bytes),
      summary: decoded.ok
        ? `${describeFrame(decoded.frame)}${notes.join('')}`
        : `malformed: ${decoded.error.message}`,
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

/**
 * The strict reading of `bytes` with the rules `options` switches off, and the violations of those rules
 * the frame holds (each found by decoding again without the rule it broke).
 */
export function strictReading(
  bytes: Uint8Array,
  options: StrictOptions,
): { readonly result: DecodeResult; readonly waived: readonly FrameError[] } {
  const off = new Set(
    Object.entries(options.rules ?? {})
      .filter(([, on]) => on === false)
      .map(([id]) => id as FrameRuleId),
  );
  const rules: Partial<Record<FrameRuleId, boolean>> = {};
  const waived: FrameError[] = [];
  for (;;) {
    const result = decodeStrict(bytes, { rules });
    if (result.ok || !off.has(result.error.rule) || rules[result.error.rule] === false)
      return { result, waived };
    waived.push(result.error);
    rules[result.error.rule] = false;
  }
}

/** The transcripts' time of day: `2026-06-15 12:10:05.000 JST`. */
export function jstStamp(at: number): string {
  return `${new Date(at + JST_OFFSET_MS).toISOString().slice(0, 23).replace('T', ' ')} JST`;
}

function line(e: TranscriptEntry): string {
  const arrow = e.direction === 'sent' ? `→ ${endpoint(e.to)}` : `← ${endpoint(e.from)}`;
  const note = e.note ? ` [${e.note}]` : '';
  return `#${e.seq} ${jstStamp(e.at)} ${arrow}${e.multicast ? ' (multicast)' : ''} ${e.summary}${note} | ${e.hex}`;
}

const endpoint = (e: Endpoint) =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
