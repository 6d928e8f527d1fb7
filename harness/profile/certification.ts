// What a certificate needs of a profile beyond what a run needs (smcert certify refuses the profile,
// naming each field): the declared maps, media, Route-B credentials, wiring or scale, and the AIF timers
// and OPC limit at least as strict as the guideline's.
import type { Profile } from './profile.ts';
import type { RunProfile } from './run-profile.ts';

/** AIF LV meter v1.01 §2.4.2 Timer 1 and Timer 2, §2.4.4 properties per request. */
const AIF_TIMER1_MS = 20_000;
const AIF_TIMER2_MS = 60_000;
const AIF_OPC_LIMIT = 6;
/** AIF LV §2.4.4: the most properties a HEMS controller puts in one request. */
const AIF_CONTROLLER_OPC_LIMIT = 2;

/** Fields a certificate needs beyond what a run needs, as `/pointer: what to add`. */
export function missingForCertification(profile: RunProfile): string[] {
  // a head-end profile is complete when it loads: its binding, and the seed's figures as defaults
  if (profile.kind === 'head-end') return [];
  if (profile.kind === 'comms-unit') return missingForCommsUnit(profile);
  if (profile.kind === 'hems-controller') return missingForController(profile);
  const out: string[] = [];
  profile.classes.forEach((c, i) => {
    for (const map of ['get', 'set', 'anno'] as const) {
      if (!c.declared?.[map])
        out.push(
          `/classes/${i}/declared/${map}: the ${map === 'anno' ? 'announcement' : map === 'get' ? 'Get' : 'Set'} property map the device implements`,
        );
    }
  });
  if (!profile.media?.length) out.push('/media: the communication media (wi-sun, wi-fi, ethernet)');
  if (
    profile.kind === 'lv-meter' ||
    profile.kind === 'hv-meter' ||
    profile.kind === 'hv-bidirectional-meter'
  ) {
    if (!profile.routeB) out.push('/routeB: the Route-B ID (32 characters) and password (12 characters)');
  }
  if (profile.kind === 'lv-meter' && !profile.wiring)
    out.push('/wiring: single-phase-2-wire, single-phase-3-wire or three-phase-3-wire');
  // AIF LV §2.4.2 / §2.4.4: a certificate holds the device to the guideline's timers and OPC limit; a
  // profile may tighten them (a device that answers faster, takes more), never relax them
  const { timer1Ms, timer2Ms, opcLimit } = profile.timers;
  if (timer1Ms > AIF_TIMER1_MS)
    out.push(
      `/timers/timer1Ms: at most ${AIF_TIMER1_MS} (AIF Timer 1) to certify; the profile relaxes it to ${timer1Ms}`,
    );
  if (timer2Ms > AIF_TIMER2_MS)
    out.push(
      `/timers/timer2Ms: at most ${AIF_TIMER2_MS} (AIF Timer 2) to certify; the profile relaxes it to ${timer2Ms}`,
    );
  if (opcLimit < AIF_OPC_LIMIT)
    out.push(
      `/timers/opcLimit: at least ${AIF_OPC_LIMIT} (AIF §2.4.4) to certify; the profile relaxes it to ${opcLimit}`,
    );
  if (
    (profile.kind === 'hv-meter' || profile.kind === 'hv-bidirectional-meter') &&
    (profile.scale?.coefficient === undefined || profile.scale.multiplierCode === undefined)
  ) {
    out.push('/scale: the coefficient and multiplier set at installation');
  }
  return out;
}

/**
 * A comms unit's certificate is the module's: its identity and dialect, the Wi-SUN medium, and the meter
 * it was tested against (its class, Route-B credentials: checked when the profile loads). The meter's
 * declared maps and timers are the meter's own certificate's, not asked for here.
 */
function missingForCommsUnit(profile: Profile): string[] {
  const out: string[] = [];
  if (!profile.media?.includes('wi-sun')) out.push('/media: a comms unit is certified on "wi-sun"');
  if (profile.transport.type === 'skstack' && profile.target.type === 'real' && !profile.transport.path)
    out.push('/transport/path: the serial device of the module under test, e.g. "/dev/ttyUSB0"');
  return out;
}

/**
 * A HEMS controller's certificate: its media, and its own timers and OPC limit on the AIF's side of the
 * rule (AIF LV §2.4.2: it waits at least Timer 1 and Timer 2 for a reply; §2.4.4: at most 2 properties a
 * request). A meter's declared maps and Route-B credentials are not asked for: the harness plays the meter.
 */
function missingForController(profile: Profile): string[] {
  const out: string[] = [];
  if (!profile.media?.length)
    out.push('/media: the medium the controller reaches the meter on (wi-sun, wi-fi, ethernet)');
  const { timer1Ms, timer2Ms, opcLimit } = profile.timers;
  if (timer1Ms < AIF_TIMER1_MS)
    out.push(
      `/timers/timer1Ms: at least ${AIF_TIMER1_MS} (AIF Timer 1, the controller's wait) to certify; the profile declares ${timer1Ms}`,
    );
  if (timer2Ms < AIF_TIMER2_MS)
    out.push(
      `/timers/timer2Ms: at least ${AIF_TIMER2_MS} (AIF Timer 2, the controller's wait) to certify; the profile declares ${timer2Ms}`,
    );
  if (opcLimit > AIF_CONTROLLER_OPC_LIMIT)
    out.push(
      `/timers/opcLimit: at most ${AIF_CONTROLLER_OPC_LIMIT} (AIF §2.4.4, a HEMS controller's requests) to certify; the profile declares ${opcLimit}`,
    );
  return out;
}
