// Joining the meter's PAN (echonet-smart-meter.md §4.4): echo-back off, Route-B password and ID, the PAN
// (from an active scan, or channel + PAN ID + MAC from the profile), channel and PAN ID registers, the
// meter's link-local address from its MAC (SKLL64), then PANA authentication (SKJOIN → EVENT 25, or
// EVENT 24 = wrong ID or password). SKINFO gives our own link-local address.
import type { SkstackCommandRunner } from './command-runner.ts';
import { PanaAuthError } from './errors.ts';
import { EVENT } from './events.ts';
import { fullIpv6 } from './ipv6.ts';
import type { PanDescriptor } from './pan.ts';
import { findPan, type ScanSettings } from './scan.ts';

export interface JoinSettings {
  readonly routeB: { readonly id: string; readonly password: string };
  readonly given: { readonly channel?: number; readonly panId?: number; readonly mac?: string };
  readonly scan: Omit<ScanSettings, 'wanted'>;
  readonly registers: { readonly channel: string; readonly panId: string };
  readonly joinTimeoutMs: number;
}

export interface JoinedPan {
  /** LQI and pairing ID only when the PAN was found by a scan. */
  readonly pan: Pick<PanDescriptor, 'channel' | 'panId' | 'mac'> &
    Partial<Pick<PanDescriptor, 'lqi' | 'pairId'>>;
  /** The meter's link-local IPv6 address, full form. */
  readonly meter: string;
  /** Our own link-local IPv6 address, full form. */
  readonly self: string;
}

const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0');

export async function joinPan(runner: SkstackCommandRunner, settings: JoinSettings): Promise<JoinedPan> {
  const { routeB, given } = settings;
  await runner.run('SKSREG SFE 0'); // echo-back off (§4.1); its own echo still comes back
  await runner.run(`SKSETPWD ${routeB.password.length.toString(16).toUpperCase()} ${routeB.password}`);
  await runner.run(`SKSETRBID ${routeB.id}`);
  const pan =
    given.channel !== undefined && given.panId !== undefined && given.mac !== undefined
      ? { channel: given.channel, panId: given.panId, mac: given.mac.toUpperCase() }
      : await findPan(runner, { ...settings.scan, wanted: given });
  await runner.run(`SKSREG ${settings.registers.channel} ${hex(pan.channel, 2)}`);
  await runner.run(`SKSREG ${settings.registers.panId} ${hex(pan.panId, 4)}`);
  const meter = await linkLocalAddress(runner, pan.mac);
  await authenticate(runner, meter, settings.joinTimeoutMs);
  return { pan, meter, self: await ownAddress(runner) };
}

/** SKLL64: one line with the address, no OK (§4.1). */
export async function linkLocalAddress(runner: SkstackCommandRunner, mac: string): Promise<string> {
  const { answer } = await runner.run(`SKLL64 ${mac}`, { answer: 'line' });
  const address = fullIpv6(answer.trim());
  if (address === undefined) {
    throw new Error(`SKSTACK SKLL64 ${mac}: expected an IPv6 address, got '${answer}'`);
  }
  return address;
}

/** SKJOIN: OK, PANA traffic, then EVENT 25 (established) or EVENT 24 (PanaAuthError). */
export async function authenticate(
  runner: SkstackCommandRunner,
  meter: string,
  timeoutMs: number,
): Promise<void> {
  await runner.run(`SKJOIN ${meter}`, {
    timeoutMs,
    waitingFor: 'EVENT 25 (PANA session established)',
    until: (record) => {
      if (record.kind !== 'event') return false;
      if (record.code === EVENT.panaError) throw new PanaAuthError(meter);
      return record.code === EVENT.panaEstablished;
    },
  });
}

/** SKINFO → `EINFO <ll-ipv6> <mac64> <ch> <panid> <addr16>` + OK (§4.1). */
export async function ownAddress(runner: SkstackCommandRunner): Promise<string> {
  const { records } = await runner.run('SKINFO');
  for (const record of records) {
    if (record.kind !== 'info' || record.keyword !== 'EINFO') continue;
    const address = fullIpv6(record.tokens[0] ?? '');
    if (address !== undefined) return address;
  }
  throw new Error('SKSTACK SKINFO: no EINFO line with our link-local address before OK');
}
