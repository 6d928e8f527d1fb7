// Selection gate of the multi-client suite: a meter whose profile declares the next-generation B-route
// with several clients (/bRoute), reached over UDP (Wi-Fi, Ethernet); otherwise NA with the reason.
import { type Gate, kindGate, meters } from '../../harness/conformance/gates.ts';
import type { BRouteSettings } from '../../harness/profile/profile.ts';

export const multiClient: Gate = (p) => {
  const meter = meters(p);
  if (meter !== true) return meter;
  if (!p.bRoute) return 'the profile declares no multi-client B-route (/bRoute): one client, as today';
  return p.transport.type === 'udp' ? true : 'the multi-client cases run over UDP (Wi-Fi, Ethernet)';
};

/** A multi-client meter whose /bRoute declares `field`; otherwise NA, saying `missing`. */
const declaring =
  (field: keyof BRouteSettings, missing: string): Gate =>
  (p) => {
    const first = multiClient(p);
    if (first !== true) return first;
    return p.bRoute?.[field] === undefined ? missing : true;
  };

/** A multi-client meter that declares a per-client request rate (/bRoute/requestsPerMinute). */
export const rateLimited = declaring(
  'requestsPerMinute',
  'the profile declares no per-client request rate (/bRoute/requestsPerMinute)',
);

/** A multi-client meter that releases idle clients (/bRoute/idleReleaseMs). */
export const idleReleasing = declaring(
  'idleReleaseMs',
  'the profile declares no release of idle clients (/bRoute/idleReleaseMs): a client is kept until revoked',
);

/** `base`, and at least two clients (a case with one to keep, or one to share with); otherwise NA, saying `why`. */
export const twoClients =
  (base: Gate, why: string): Gate =>
  (p) => {
    const first = base(p);
    return first !== true || (p.bRoute?.maxClients ?? 1) >= 2 ? first : why;
  };

/** A multi-client low-voltage meter (the cases of its EA notification and its E5 → E2 selector). */
export const lvMultiClient: Gate = (p) => {
  const first = multiClient(p);
  return first === true ? kindGate('lv-meter', 'a low-voltage meter (0x0288)')(p) : first;
};
