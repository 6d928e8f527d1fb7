// TypeScript view of harness/classes/class.schema.json. EPCs are numbers here; the files keep "0xE7".

export type AccessRule = 'required' | 'required_c' | 'optional' | 'none';

export type PropertySize =
  | { readonly fixed: number }
  | { readonly min: number; readonly max: number; readonly step?: number };

export interface FieldDefinition {
  readonly name: string;
  readonly type: 'uint' | 'int' | 'raw' | 'ascii' | 'date' | 'time' | 'date-time' | 'date-time_6';
  readonly size: number;
  readonly count?: number | string;
  readonly scale?: number;
  readonly physicalUnit?: string;
  /** Allowed values of a uint/int field (e.g. a selector's count n). */
  readonly range?: { readonly min: number; readonly max: number };
  /** A date-time field whose minute must be a multiple of this (30: only :00 and :30). */
  readonly minuteStep?: number;
}

export interface PropertyDefinition {
  readonly epc: number;
  readonly name: { readonly ja: string; readonly en: string };
  readonly size: PropertySize;
  readonly type: string;
  readonly access: { readonly get: AccessRule; readonly set: AccessRule; readonly anno: AccessRule };
  readonly condition?: string;
  readonly since: string;
  readonly range?: { readonly min?: number; readonly max?: number };
  readonly enum?: Readonly<Record<string, string>>;
  readonly physicalUnit?: string;
  readonly scale?: number;
  readonly scaledBy?: { readonly coefficient?: number; readonly unit?: number; readonly multiplier?: number };
  readonly atomicWith?: number;
  /** AIF: a request including this EPC waits Timer 2 for its reply (not Timer 1). */
  readonly replyTimer?: 2;
  readonly sentinels?: readonly { readonly hex: string; readonly meaning: string; readonly field?: string }[];
  readonly default?: string;
  readonly fields?: readonly FieldDefinition[];
  readonly verified?: boolean;
  readonly source: string;
  readonly notes?: string;
}

export interface ClassDefinition {
  readonly classCode: number;
  readonly name: { readonly ja: string; readonly en: string };
  readonly release: string;
  readonly inherits?: number;
  readonly source: string;
  readonly notes?: readonly string[];
  /** Own properties by EPC (not the inherited ones: see ClassRegistry.propertiesOf). */
  readonly properties: ReadonlyMap<number, PropertyDefinition>;
  /** The file it was loaded from. */
  readonly file: string;
}

export function sizeAllows(size: PropertySize, length: number): boolean {
  if ('fixed' in size) return length === size.fixed;
  if (length < size.min || length > size.max) return false;
  return size.step === undefined || (length - size.min) % size.step === 0;
}

export function describeSize(size: PropertySize): string {
  if ('fixed' in size) return `${size.fixed} bytes`;
  return `${size.min}..${size.max} bytes${size.step ? ` in steps of ${size.step}` : ''}`;
}
