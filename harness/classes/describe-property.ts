// Text of one property for transcripts and CLI output: `0xE7 Measured instantaneous electric power = 1189 W`.
import type { Property } from '../echonet/frame.ts';
import { byteHex, toHex } from '../echonet/hex.ts';
import type { PropertyDefinition } from './class-definition.ts';
import { decodePropertyValue } from './decode-property-value.ts';

export function describeProperty(definition: PropertyDefinition | undefined, { epc, edt }: Property): string {
  if (!definition) return edt.length === 0 ? byteHex(epc) : `${byteHex(epc)}=${toHex(edt)}`;
  if (edt.length === 0) return `${byteHex(epc)} ${definition.name.en}`;
  const value = decodePropertyValue(definition, edt);
  if (!value.ok) return `${byteHex(epc)} ${definition.name.en} = ${toHex(edt)} (${value.error.message})`;
  const unit = definition.physicalUnit && typeof value.value === 'number' ? unitText(definition) : '';
  return `${byteHex(epc)} ${definition.name.en} = ${JSON.stringify(value.value)}${unit}`;
}

/** ` W`, or for a reading scaled by partner EPCs ` raw (× D3 × E1 → kWh)`. */
function unitText(definition: PropertyDefinition): string {
  const partners = Object.values(definition.scaledBy ?? {}).map((epc) => byteHex(epc).slice(2));
  return partners.length === 0
    ? ` ${definition.physicalUnit}`
    : ` raw (× ${partners.join(' × ')} → ${definition.physicalUnit})`;
}
