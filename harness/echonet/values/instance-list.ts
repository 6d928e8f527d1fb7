// Instance lists of the node profile 0x0EF0 (ECHONET Lite 1.14 part 2 §6.11.1): EPC 0xD5 "instance list
// notification" and 0xD6 "self-node instance list S". One byte of count, then count EOJs of 3 bytes each
// (class group, class, instance), the node profile itself not listed.
// > "Number of notification instances: 1 byte ... maximum 84" (more are sent in several notifications).
import type { Eoj } from '../eoj.ts';
import { bad, ok, type ValueResult } from '../value-error.ts';

/** Most EOJs one list carries: 1 + 84 × 3 = 253 bytes (§6.11.1; class data 0x0EF0 D5/D6 size). */
export const MAX_LISTED_INSTANCES = 84;

const CLAUSE = 'ECHONET Lite 1.14 part 2 §6.11.1 (0xD5, 0xD6)';

/** Reads a D5 or D6 EDT strictly: the count within 0–84 and exactly count × 3 bytes after it. */
export function decodeInstanceList(edt: Uint8Array): ValueResult<readonly Eoj[]> {
  if (edt.length === 0)
    return bad('instance list', 0, 'a count byte', CLAUSE, '1 + 3 × count bytes', '0 bytes');
  const count = edt[0] as number;
  if (count > MAX_LISTED_INSTANCES)
    return bad(
      'instance list.count',
      0,
      'at most 84 instances',
      CLAUSE,
      `0..${MAX_LISTED_INSTANCES}`,
      `${count}`,
    );
  if (edt.length !== 1 + 3 * count)
    return bad(
      'instance list',
      0,
      'count × 3 bytes of EOJs after the count',
      CLAUSE,
      `${1 + 3 * count} bytes (count ${count})`,
      `${edt.length} bytes`,
    );
  return ok(
    Array.from({ length: count }, (_, i) => ({
      classGroup: edt[1 + 3 * i] as number,
      classCode: edt[2 + 3 * i] as number,
      instance: edt[3 + 3 * i] as number,
    })),
  );
}

/** The EDT of D5 or D6 listing `eojs`; beyond 84 only the first 84 are listed (one notification's worth). */
export function encodeInstanceList(eojs: readonly Eoj[]): Uint8Array {
  const listed = eojs.slice(0, MAX_LISTED_INSTANCES);
  return Uint8Array.from([listed.length, ...listed.flatMap((e) => [e.classGroup, e.classCode, e.instance])]);
}
