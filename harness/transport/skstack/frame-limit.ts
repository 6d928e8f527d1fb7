// The largest UDP payload one SKSENDTO carries over a Wi-SUN B-route link, so the largest ECHONET Lite
// frame either side can send in one datagram. 0x04D0 = 1232 bytes: smdn/Smdn.Net.SkStackIP refuses a
// longer SKSENDTO (`maxDataLength = 0x04D0`, citing the BP35A1 command reference §3.7) [V: a client's
// constant]; the reference notes (echonet-smart-meter.md §4.1) do not give the figure, and other modules
// may differ, so it stays a profile parameter (transport.maxFrameBytes) with this default.
import type { SkstackTransportSettings } from '../../profile/profile.ts';

export const WISUN_MAX_FRAME_BYTES = 0x04d0;

/** The profile's limit, or the default. */
export function frameLimitOf(settings: Pick<SkstackTransportSettings, 'maxFrameBytes'>): number {
  return settings.maxFrameBytes ?? WISUN_MAX_FRAME_BYTES;
}
