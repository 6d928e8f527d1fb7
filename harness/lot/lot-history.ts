// The lot history (`smcert lot --history <file> --supplier <s> --product <p>`): a JSON file under
// harness/lot/lot-history.schema.json listing every lot decided, per supplier and product and class. A JSON
// file rather than a database: a lab keeps a few hundred lots a year, reads and archives the file, and
// can diff it; the switching state is never stored but replayed from the lots (switching-rules.ts), so
// it cannot drift from the lots it comes from. Written whole to a temporary file, then renamed.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { Severity } from '../conformance/case-meta.ts';
import { DataFileError, readDataFile } from '../data-file.ts';
import type { InspectionSeverity } from '../sampling/sampling-tables.ts';
import { afterLot, START, type SwitchingState } from '../sampling/switching-rules.ts';

export const HISTORY_FORMAT = 'smcert-lot-history/1';
const SCHEMA = 'harness/lot/lot-history.schema.json';
const HERE = dirname(fileURLToPath(import.meta.url));
const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(HERE, 'lot-history.schema.json'), 'utf8')),
);

export interface HistoryClass {
  readonly severity: Severity;
  readonly inspection: InspectionSeverity;
  readonly accepted: boolean;
  readonly ac: number;
  readonly acceptedOneStepTighter: boolean;
}

export interface HistoryLot {
  readonly supplier: string;
  readonly product: string;
  readonly lot: string;
  readonly decidedAt: string;
  readonly report?: string;
  readonly reducedAllowed?: boolean;
  readonly classes: readonly HistoryClass[];
}

export interface LotHistory {
  readonly format: typeof HISTORY_FORMAT;
  readonly lots: readonly HistoryLot[];
}

export class LotHistoryError extends DataFileError {
  override readonly name = 'LotHistoryError';
}

/** The history in `file`; an empty one when the file does not exist yet. */
export function readLotHistory(file: string): LotHistory {
  if (!existsSync(file)) return { format: HISTORY_FORMAT, lots: [] };
  return readDataFile(file, validate, SCHEMA, (...at) => new LotHistoryError(...at)) as LotHistory;
}

export function appendLot(file: string, history: LotHistory, lot: HistoryLot): LotHistory {
  const next: LotHistory = { format: HISTORY_FORMAT, lots: [...history.lots, lot] };
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(temporary, file);
  return next;
}

/** Each class's switching state for a supplier and product, replayed over its lots in order. */
export function switchingStates(
  history: LotHistory,
  supplier: string,
  product: string,
): Map<Severity, SwitchingState> {
  const states = new Map<Severity, SwitchingState>();
  for (const lot of history.lots) {
    if (lot.supplier !== supplier || lot.product !== product) continue;
    for (const c of lot.classes)
      states.set(
        c.severity,
        afterLot(states.get(c.severity) ?? START, {
          accepted: c.accepted,
          ac: c.ac,
          acceptedOneStepTighter: c.acceptedOneStepTighter,
          reducedAllowed: lot.reducedAllowed ?? false,
        }),
      );
  }
  return states;
}
