// Selection gates of the high-voltage meter suite.
import { declaredMaps } from '../../harness/profile/declared-maps.ts';
import type { Profile } from '../../harness/profile/profile.ts';

export const hvServes =
  (...epcs: number[]) =>
  (p: Profile): true | string => {
    if (p.kind !== 'hv-meter') return `a ${p.kind} is not a high-voltage meter (0x028A)`;
    const get = declaredMaps(p).get;
    const missing = epcs.filter((e) => !get.includes(e));
    return missing.length === 0
      ? true
      : `the profile does not declare ${missing.map((e) => `0x${e.toString(16).toUpperCase()}`).join(', ')}`;
  };
