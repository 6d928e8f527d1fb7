// Active scan for the meter's PAN (echonet-smart-meter.md §4.1 SKSCAN, §4.4): `SKSCAN 2 FFFFFFFF <dur>`
// (+ side on BP35C2 and RL7023 DSS) → OK, per beacon EVENT 20 + EPANDESC, end EVENT 22. Found nothing:
// again, one duration step longer, a bounded number of times.
import type { SkstackCommandRunner } from './command-runner.ts';
import { SkstackScanError } from './errors.ts';
import { EVENT } from './events.ts';
import { type PanDescriptor, panDescriptor } from './pan.ts';

/** Mode 2: active scan with the pairing-ID information element; all channels. */
const SCAN_MODE = 2;
const CHANNEL_MASK = 'FFFFFFFF';
/** Channels 33..60 (§4.1). */
const CHANNELS = 28;

export interface ScanSettings {
  readonly duration: number;
  readonly attempts: number;
  /** The dialect's side argument, or undefined. */
  readonly side: string | undefined;
  readonly marginMs: number;
  /** Keep only PANs matching what the profile gives. */
  readonly wanted: { readonly channel?: number; readonly panId?: number; readonly mac?: string };
}

/** 9.6 ms × (2^n + 1) per channel (§4.1, smdn-SK SKSCAN tests). */
export function scanTimeMs(duration: number): number {
  return Math.ceil(CHANNELS * 9.6 * (2 ** duration + 1));
}

/** The PAN with the best LQI among those matching `wanted`; throws SkstackScanError after the last attempt. */
export async function findPan(runner: SkstackCommandRunner, settings: ScanSettings): Promise<PanDescriptor> {
  const durations: number[] = [];
  for (let attempt = 0; attempt < settings.attempts; attempt++) {
    const duration = Math.min(settings.duration + attempt, 14);
    durations.push(duration);
    const found = (await activeScan(runner, duration, settings)).filter((pan) =>
      matches(pan, settings.wanted),
    );
    const best = found.sort((a, b) => b.lqi - a.lqi)[0];
    if (best) return best;
  }
  throw new SkstackScanError(durations, describeWanted(settings.wanted));
}

async function activeScan(
  runner: SkstackCommandRunner,
  duration: number,
  settings: ScanSettings,
): Promise<PanDescriptor[]> {
  const side = settings.side === undefined ? '' : ` ${settings.side}`;
  const result = await runner.run(`SKSCAN ${SCAN_MODE} ${CHANNEL_MASK} ${duration}${side}`, {
    timeoutMs: scanTimeMs(duration) + settings.marginMs,
    until: (record) => record.kind === 'event' && record.code === EVENT.activeScanCompleted,
    waitingFor: 'EVENT 22 (active scan complete)',
  });
  const pans: PanDescriptor[] = [];
  for (const record of result.records) {
    if (record.kind !== 'pan') continue;
    const pan = panDescriptor(record);
    if (pan) pans.push(pan);
  }
  return pans;
}

function matches(pan: PanDescriptor, wanted: ScanSettings['wanted']): boolean {
  return (
    (wanted.channel === undefined || pan.channel === wanted.channel) &&
    (wanted.panId === undefined || pan.panId === wanted.panId) &&
    (wanted.mac === undefined || pan.mac === wanted.mac.toUpperCase())
  );
}

function describeWanted(wanted: ScanSettings['wanted']): string {
  const parts = [
    wanted.channel === undefined ? undefined : `channel ${wanted.channel}`,
    wanted.panId === undefined
      ? undefined
      : `PAN ID ${wanted.panId.toString(16).toUpperCase().padStart(4, '0')}`,
    wanted.mac === undefined ? undefined : `MAC ${wanted.mac.toUpperCase()}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'PAN' : `PAN with ${parts.join(', ')}`;
}
