// The profile of one unit of a lot: the lot's template profile (what the product declares) with the unit's
// serial, and where it is — its address and port, or its dongle's path, from the lot CSV — or, for an
// emulated unit, its fault switches and a meter seed of its own (so that no two units read alike).
import { seededHash } from '../seeded-hash.ts';
import type { LotUnit } from './lot-csv.ts';

type Json = Record<string, unknown>;

export function unitProfile(template: Json, unit: LotUnit, index: number): Json {
  const { $schema: _schema, ...profile } = structuredClone(template); // its relative $schema stays with the template
  const identity = (profile.identity ?? {}) as Json;
  profile.identity = { ...identity, serial: unit.serial };
  const transport = { ...(profile.transport as Json) };
  if (unit.address !== undefined) transport.address = unit.address;
  if (unit.port !== undefined) transport.port = unit.port;
  if (unit.path !== undefined) transport.path = unit.path;
  profile.transport = transport;
  const target = { ...(profile.target as Json) };
  if (unit.localAddress !== undefined) target.localAddress = unit.localAddress;
  if (target.type === 'emulated') {
    target.faults = [...(unit.faults ?? [])];
    if (target.meter) {
      const meter = target.meter as Json;
      target.meter = { ...meter, seed: seededHash(Number(meter.seed ?? 0), index) % 1_000_000 };
    }
  }
  profile.target = target;
  return profile;
}
