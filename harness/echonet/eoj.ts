// ECHONET object (EOJ): 3 bytes, class group code, class code, instance code.
// ECHONET Lite 1.14 part 2 §3.2.4; instance 0x00 in a DEOJ addresses every instance of the class.

export interface Eoj {
  readonly classGroup: number;
  readonly classCode: number;
  readonly instance: number;
}

/** Instance code 0x00: "all instances of this class" (only meaningful in a DEOJ). */
export const ALL_INSTANCES = 0x00;

/** Parses `028801` (six hex digits, optional `0x`) into an EOJ. Throws on anything else. */
export function eoj(hex: string): Eoj {
  const digits = hex.replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{6}$/.test(digits)) {
    throw new RangeError(`EOJ must be six hex digits (class group, class, instance), got '${hex}'`);
  }
  const n = Number.parseInt(digits, 16);
  return { classGroup: n >> 16, classCode: (n >> 8) & 0xff, instance: n & 0xff };
}

export function eojHex(e: Eoj): string {
  return [e.classGroup, e.classCode, e.instance]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** The 2-byte class (class group + class), e.g. 0x0288. */
export function classOf(e: Eoj): number {
  return (e.classGroup << 8) | e.classCode;
}

export function sameEoj(a: Eoj, b: Eoj): boolean {
  return a.classGroup === b.classGroup && a.classCode === b.classCode && a.instance === b.instance;
}

/** True when `target` (a DEOJ) addresses `object`: same class and same instance or instance 0x00. */
export function addresses(target: Eoj, object: Eoj): boolean {
  return (
    classOf(target) === classOf(object) &&
    (target.instance === ALL_INSTANCES || target.instance === object.instance)
  );
}

export const NODE_PROFILE = eoj('0EF001');
export const HEMS_CONTROLLER = eoj('05FF01');
export const LV_METER = eoj('028801');
export const HV_METER = eoj('028A01');
