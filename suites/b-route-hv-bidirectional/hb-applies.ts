// Selection gates of the bidirectional high-voltage meter suite.
import { declaresGate, kindGate } from '../../harness/conformance/gates.ts';

const hbMeter = kindGate('hv-bidirectional-meter', 'a bidirectional high-voltage meter (0x028F)');

/** The bidirectional HV meter declares these Get EPCs (by number). */
export const hbServes = (...epcs: number[]) => declaresGate(hbMeter, epcs);
