// All loaded class definitions, with inheritance resolved (device classes inherit the super class 0x0000).

import { ClassDataError } from './class-data-error.ts';
import type { ClassDefinition, PropertyDefinition } from './class-definition.ts';

export class ClassRegistry {
  private readonly byCode = new Map<number, ClassDefinition>();

  constructor(definitions: readonly ClassDefinition[]) {
    for (const definition of definitions) {
      const other = this.byCode.get(definition.classCode);
      if (other) {
        throw new ClassDataError(
          definition.file,
          '/classCode',
          `class ${hex4(definition.classCode)} is also defined in ${other.file}`,
        );
      }
      this.byCode.set(definition.classCode, definition);
    }
  }

  get classes(): readonly ClassDefinition[] {
    return [...this.byCode.values()];
  }

  get(classCode: number): ClassDefinition | undefined {
    return this.byCode.get(classCode);
  }

  /** Own and inherited properties; a class's own definition wins over the inherited one. */
  propertiesOf(classCode: number): ReadonlyMap<number, PropertyDefinition> {
    const definition = this.byCode.get(classCode);
    if (!definition) throw new RangeError(`no class data for ${hex4(classCode)}`);
    const inherited = definition.inherits === undefined ? new Map() : this.propertiesOf(definition.inherits);
    return new Map([...inherited, ...definition.properties].sort(([a], [b]) => a - b));
  }

  property(classCode: number, epc: number): PropertyDefinition | undefined {
    return this.propertiesOf(classCode).get(epc);
  }

  /** Every `inherits` names a loaded class, and partners named by a property exist after inheritance. */
  checkInheritance(): void {
    for (const definition of this.byCode.values()) {
      if (definition.inherits !== undefined && !this.byCode.has(definition.inherits)) {
        throw new ClassDataError(
          definition.file,
          '/inherits',
          `inherits ${hex4(definition.inherits)}, which no data file defines`,
        );
      }
      const all = this.propertiesOf(definition.classCode);
      [...definition.properties.values()].forEach((property, index) => {
        const partners = Object.entries({ atomicWith: property.atomicWith, ...prefixed(property.scaledBy) });
        for (const [where, partner] of partners) {
          if (partner !== undefined && !all.has(partner)) {
            throw new ClassDataError(
              definition.file,
              `/properties/${index}/${where}`,
              `refers to EPC 0x${partner.toString(16).toUpperCase()}, which neither this class nor its parent defines`,
            );
          }
        }
      });
    }
  }
}

function prefixed(scaledBy: PropertyDefinition['scaledBy']): Record<string, number | undefined> {
  return Object.fromEntries(Object.entries(scaledBy ?? {}).map(([role, epc]) => [`scaledBy/${role}`, epc]));
}

function hex4(classCode: number): string {
  return `0x${classCode.toString(16).padStart(4, '0').toUpperCase()}`;
}
