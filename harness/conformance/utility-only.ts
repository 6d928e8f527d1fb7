// The properties a B-route client may read but never change (SEC-UTIL-001): the profile's own list
// (/security/utilityOnly), else suites/security/utility-only.json for the meter's class (our reading),
// checked against its schema with ajv; of those, only the ones the profile declares it serves.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { classOf, eoj } from '../echonet/eoj.ts';
import { declaredMaps } from '../profile/declared-maps.ts';
import type { Profile } from '../profile/profile.ts';

const FILE = fileURLToPath(new URL('../../suites/security/utility-only.json', import.meta.url));
const SCHEMA = fileURLToPath(new URL('../../suites/security/utility-only.schema.json', import.meta.url));

let byClass: Readonly<Record<string, readonly string[]>> | undefined;

function defaults(): Readonly<Record<string, readonly string[]>> {
  if (byClass) return byClass;
  const validate = new Ajv({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(SCHEMA, 'utf8')),
  );
  const data: unknown = JSON.parse(readFileSync(FILE, 'utf8'));
  if (!validate(data))
    throw new Error(
      `${FILE}: ${(validate.errors ?? []).map((e) => `at ${e.instancePath || '/'}: ${e.message}`).join('; ')} — fix the file against ${SCHEMA}`,
    );
  byClass = (data as { classes: Record<string, string[]> }).classes;
  return byClass;
}

const hex4 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;

/** The utility-only EPCs SEC-UTIL-001 tries on the profile's first object, ascending. */
export function utilityOnlyEpcs(profile: Profile): number[] {
  const listed =
    profile.security?.utilityOnly ?? defaults()[hex4(classOf(eoj(profile.classes[0]!.eoj)))] ?? [];
  const served = declaredMaps(profile).get;
  return listed
    .map((e) => Number.parseInt(e, 16))
    .filter((e) => served.includes(e))
    .sort((a, b) => a - b);
}
