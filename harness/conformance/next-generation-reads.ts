// Reads of next-generation items through the dut client (the EPCs and encodings are the profile's, no
// APPENDIX release assigns them: harness/profile/next-generation-layout.ts): the latest value with its
// date-time, and a history selected by date-time_6 + n. Each checks the size of what it read (a FAIL of
// NG/LATEST for a latest value, of NG/RETENTION for a history) and returns the fields as numbers.
import { toHex } from '../echonet/hex.ts';
import { readUnsigned } from '../echonet/values/integer.ts';
import { nextGenerationValueSize } from '../profile/next-generation-layout.ts';
import type { NextGenerationItem, Profile } from '../profile/profile.ts';
import { expectThat, framesOf, valueIn } from './checks.ts';
import type { DutClient } from './dut-client.ts';
import { getValue, jstText, MINUTE, selector, setAccepted, stampedValue } from './meter-reads.ts';

export const epcOf = (epc: string): number => Number.parseInt(epc, 16);

/** Fields of one value: active energy [forward, reverse], reactive energy [lagging], voltage [0.1 V]. */
export type Fields = readonly number[];

/** No-data value of a field: 0xFFFFFFFE for a 4-byte counter, 0xFFFE for a 2-byte voltage. */
export const noDataOf = (item: NextGenerationItem): number =>
  item.quantity === 'voltage' ? 0xfffe : 0xfffffffe;

export const isNoData = (item: NextGenerationItem, fields: Fields): boolean =>
  fields.every((f) => f === noDataOf(item));

export function fieldsOf(item: NextGenerationItem, data: Uint8Array): Fields {
  const size = item.quantity === 'voltage' ? 2 : 4;
  return Array.from({ length: data.length / size }, (_, i) => readUnsigned(data, i * size, size));
}

/** Short name of an item for messages: `active-energy every 5 min at 0xF0`. */
export const itemName = (item: NextGenerationItem): string =>
  `${item.quantity} every ${item.intervalMinutes} min at ${item.epc}`;

export const stepOf = (item: NextGenerationItem): number => item.intervalMinutes * MINUTE;

/** The profile's next-generation items, or the reason a case about them is NA. */
export const itemsGate =
  (want: (item: NextGenerationItem) => boolean, what: string) =>
  (p: Profile): true | string =>
    p.kind === 'lv-meter' && (p.nextGeneration ?? []).some(want)
      ? true
      : `the profile declares no ${what} next-generation item`;

export interface Latest {
  readonly at: number;
  readonly fields: Fields;
  readonly frames: number[];
}

/** The latest value of `item`: its stamp and fields; a wrong size is a FAIL of `clause`. */
export async function readLatest(dut: DutClient, item: NextGenerationItem, clause?: string): Promise<Latest> {
  const { value, frames } = await getValue(dut, epcOf(item.epc));
  const size = 7 + nextGenerationValueSize(item.quantity);
  expectThat(
    value.length === size,
    `${itemName(item)}: a date-time and one value of ${nextGenerationValueSize(item.quantity)} bytes`,
    `PDC ${size}`,
    `PDC ${value.length} (${toHex(value)})`,
    frames,
    clause,
  );
  const { at, data } = stampedValue(value, `${item.epc} begins with its date-time`, frames);
  return { at, fields: fieldsOf(item, data), frames };
}

export interface History {
  /** The first 7 bytes: the selection the history says it answers. */
  readonly answers: Uint8Array;
  readonly selection: Uint8Array;
  /** n values, newest first (from the selected boundary backwards). */
  readonly values: readonly Fields[];
  readonly frames: number[];
}

/** SetC of the item's selector (`at`, n), then Get of its history; a wrong size is a FAIL of `clause`. */
export async function readItemHistory(
  dut: DutClient,
  item: NextGenerationItem,
  at: number,
  n: number,
  clause?: string,
): Promise<History> {
  const selection = selector(at, n);
  const set = await setAccepted(
    dut,
    epcOf(item.selectorEpc!),
    selection,
    `${item.selectorEpc} accepts ${jstText(at)} (an interval boundary) and ${n} values`,
  );
  const x = await dut.get(epcOf(item.historyEpc!));
  const frames = [...set, ...framesOf(x)];
  const edt = valueIn(x, epcOf(item.historyEpc!), `${item.historyEpc} is served`);
  const each = nextGenerationValueSize(item.quantity);
  expectThat(
    edt.length === 7 + n * each,
    `${item.historyEpc}: the selection and ${n} values of ${each} bytes`,
    `PDC ${7 + n * each}`,
    `PDC ${edt.length} (${toHex(edt)})`,
    frames,
    clause,
  );
  const values = Array.from({ length: n }, (_, i) =>
    fieldsOf(item, edt.subarray(7 + i * each, 7 + (i + 1) * each)),
  );
  return { answers: edt.subarray(0, 7), selection, values, frames };
}
