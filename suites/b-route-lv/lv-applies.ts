// Selection gates of the low-voltage meter suite, shared by its files.
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

export const lvMeter = (p: Profile): true | string =>
  p.kind === 'lv-meter' ? true : `a ${p.kind} is not a low-voltage meter (0x0288)`;

/** The LV meter declares these Get EPCs (by number). */
export const lvServes =
  (...epcs: number[]) =>
  (p: Profile): true | string => {
    const kind = lvMeter(p);
    if (kind !== true) return kind;
    const get = declaredMaps(p).get;
    const missing = epcs.filter((e) => !get.includes(e));
    return missing.length === 0
      ? true
      : `the profile does not declare ${missing.map((e) => `0x${e.toString(16).toUpperCase()}`).join(', ')}`;
  };
