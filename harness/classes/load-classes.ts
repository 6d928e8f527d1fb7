// Loads the class definitions in harness/classes/data/ and checks them: JSON syntax, the schema (ajv),
// then what a schema cannot say (unique EPCs, partners that exist, sizes that agree with values).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { readDataFile } from '../data-file.ts';
import { ClassDataError } from './class-data-error.ts';
import type { ClassDefinition, FieldDefinition, PropertyDefinition } from './class-definition.ts';
import { ClassRegistry } from './class-registry.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const CLASS_DATA_DIR = join(HERE, 'data');
export const CLASS_SCHEMA_FILE = join(HERE, 'class.schema.json');

const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(CLASS_SCHEMA_FILE, 'utf8')),
);

/** Every `*.json` file in `dir` (default: the shipped data), as one registry. */
export function loadClassRegistry(dir = CLASS_DATA_DIR): ClassRegistry {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new ClassDataError(dir, '', 'no class data files (*.json) in this folder');
  const registry = new ClassRegistry(files.map((name) => loadClassFile(join(dir, name))));
  registry.checkInheritance();
  return registry;
}

export function loadClassFile(file: string): ClassDefinition {
  const data = readDataFile(
    file,
    validate,
    'harness/classes/class.schema.json',
    (...at) => new ClassDataError(...at),
  );
  return toDefinition(file, data as RawClass);
}

interface RawProperty extends Omit<PropertyDefinition, 'epc' | 'atomicWith' | 'scaledBy'> {
  epc: string;
  atomicWith?: string;
  scaledBy?: { coefficient?: string; unit?: string; multiplier?: string };
}

interface RawClass {
  classCode: string;
  name: { ja: string; en: string };
  release: string;
  inherits?: string;
  source: string;
  notes?: string[];
  properties: RawProperty[];
}

const code = (hex: string) => Number.parseInt(hex, 16);

function toDefinition(file: string, raw: RawClass): ClassDefinition {
  const properties = new Map<number, PropertyDefinition>();
  raw.properties.forEach((p, index) => {
    const at = `/properties/${index}`;
    const epc = code(p.epc);
    if (properties.has(epc))
      throw new ClassDataError(file, `${at}/epc`, `EPC ${p.epc} is defined twice; keep one entry`);
    checkSizes(file, at, p);
    const { scaledBy, atomicWith, ...rest } = p;
    properties.set(epc, {
      ...rest,
      epc,
      ...(atomicWith ? { atomicWith: code(atomicWith) } : {}),
      ...(scaledBy
        ? {
            scaledBy: Object.fromEntries(
              Object.entries(scaledBy).map(([role, hex]) => [role, code(hex as string)]),
            ),
          }
        : {}),
    });
  });
  raw.properties.forEach((p, index) => {
    if (p.access.get === 'required_c' || p.access.set === 'required_c' || p.access.anno === 'required_c') {
      if (!p.condition) {
        throw new ClassDataError(
          file,
          `/properties/${index}`,
          'a required_c access rule needs a "condition" saying when it applies',
        );
      }
    }
  });
  return {
    classCode: code(raw.classCode),
    name: raw.name,
    release: raw.release,
    ...(raw.inherits ? { inherits: code(raw.inherits) } : {}),
    source: raw.source,
    ...(raw.notes ? { notes: raw.notes } : {}),
    properties,
    file: basename(file),
  };
}

/** Sizes that must agree: fixed size vs default, whole-EDT sentinels and structure fields. */
function checkSizes(file: string, at: string, p: RawProperty): void {
  const fixed = 'fixed' in p.size ? p.size.fixed : undefined;
  if ('min' in p.size && p.size.min > p.size.max) {
    throw new ClassDataError(file, `${at}/size`, `min ${p.size.min} is above max ${p.size.max}`);
  }
  const fits = (hex: string) =>
    fixed === undefined ? hex.length / 2 <= ('max' in p.size ? p.size.max : 255) : hex.length / 2 === fixed;
  if (p.default !== undefined && !fits(p.default)) {
    throw new ClassDataError(
      file,
      `${at}/default`,
      `${p.default.length / 2} bytes do not fit size ${JSON.stringify(p.size)}`,
    );
  }
  p.sentinels?.forEach((s, i) => {
    const field = s.field === undefined ? undefined : p.fields?.find((f) => f.name === s.field);
    if (s.field !== undefined && !field) {
      throw new ClassDataError(
        file,
        `${at}/sentinels/${i}/field`,
        `no field '${s.field}' in this property's fields`,
      );
    }
    const expected = field ? field.size : fixed;
    if (expected !== undefined && s.hex.length / 2 !== expected) {
      throw new ClassDataError(
        file,
        `${at}/sentinels/${i}/hex`,
        `${s.hex.length / 2} bytes, but the value it marks is ${expected} bytes`,
      );
    }
  });
  if (p.fields && fixed !== undefined) {
    const total = fixedFieldsSize(p.fields);
    if (total !== undefined && total !== fixed) {
      throw new ClassDataError(file, `${at}/fields`, `fields add up to ${total} bytes, size says ${fixed}`);
    }
  }
}

function fixedFieldsSize(fields: readonly FieldDefinition[]): number | undefined {
  let total = 0;
  for (const f of fields) {
    if (typeof f.count === 'string') return undefined;
    total += f.size * (f.count ?? 1);
  }
  return total;
}
