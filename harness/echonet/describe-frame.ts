// One-line and multi-line text of a frame for transcripts, CLI output and assertion messages.
import { eojHex } from './eoj.ts';
import { esvName } from './esv.ts';
import type { Frame, Property } from './frame.ts';
import { byteHex, toHex } from './hex.ts';

export function describeFrame(frame: Frame, describeProperty: (p: Property) => string = rawProperty): string {
  if (frame.format === 2) return `Format 2 TID=${tidHex(frame.tid)} EDATA=${toHex(frame.edata, ' ')}`;
  const head = `TID=${tidHex(frame.tid)} ${eojHex(frame.seoj)}→${eojHex(frame.deoj)} ${esvName(frame.esv)}`;
  if ('setProperties' in frame) {
    const set = frame.setProperties.map(describeProperty).join(', ');
    const get = frame.getProperties.map(describeProperty).join(', ');
    return `${head} set[${set}] get[${get}]`;
  }
  return `${head} [${frame.properties.map(describeProperty).join(', ')}]`;
}

function rawProperty({ epc, edt }: Property): string {
  return edt.length === 0 ? `${byteHex(epc)}` : `${byteHex(epc)}=${toHex(edt)}`;
}

function tidHex(tid: number): string {
  return tid.toString(16).padStart(4, '0').toUpperCase();
}
