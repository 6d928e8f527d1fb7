// Selection gates of the high-voltage meter suite.
import { declaresGate, kindGate } from '../../harness/conformance/gates.ts';

const hvMeter = kindGate('hv-meter', 'a high-voltage meter (0x028A)');

/** The HV meter declares these Get EPCs (by number). */
export const hvServes = (...epcs: number[]) => declaresGate(hvMeter, epcs);
