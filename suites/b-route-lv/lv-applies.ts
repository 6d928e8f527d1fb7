// Selection gates of the low-voltage meter suite, shared by its files.
import { declaresGate, kindGate } from '../../harness/conformance/gates.ts';

export const lvMeter = kindGate('lv-meter', 'a low-voltage meter (0x0288)');

/** The LV meter declares these Get EPCs (by number). */
export const lvServes = (...epcs: number[]) => declaresGate(lvMeter, epcs);
