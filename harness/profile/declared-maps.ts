// What a profile says a device object serves: the class's declared Get/Set/announcement EPCs plus the
// next-generation items the profile places on the meter object (their EPCs are Get, selectors and switches Set/Get).
import type { Profile } from './profile.ts';

export interface DeclaredMaps {
  readonly get: number[];
  readonly set: number[];
  readonly anno: number[];
}

export function declaredMaps(profile: Profile, classIndex = 0): DeclaredMaps {
  const declared = profile.classes[classIndex]?.declared ?? {};
  // next-generation items live on the meter object, the profile's first class
  const items = classIndex === 0 ? (profile.nextGeneration ?? []) : [];
  const ngGet = items
    .flatMap((i) => [i.epc, i.selectorEpc, i.historyEpc, i.switchEpc])
    .filter((e) => e !== undefined);
  const ngSet = items.flatMap((i) => [i.selectorEpc, i.switchEpc]).filter((e) => e !== undefined);
  return {
    get: sortedCodes([...(declared.get ?? []), ...ngGet]),
    set: sortedCodes([...(declared.set ?? []), ...ngSet]),
    anno: sortedCodes(declared.anno ?? []),
  };
}

function sortedCodes(hex: readonly string[]): number[] {
  return [...new Set(hex.map((h) => Number.parseInt(h, 16)))].sort((a, b) => a - b);
}
