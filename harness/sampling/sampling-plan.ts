// The single sampling plan for a lot (ISO 2859-1:1999 clause 10, Tables 1 and 2-A/B/C): Table I gives the
// code letter from lot size and inspection level; the master table of the severity gives Ac/Re at the
// AQL, an arrow sending to the first plan below or above (a new code letter and so a new n); a sample
// size at or above the lot size means 100 % inspection (the tables' footnote).
import {
  arrowTarget,
  type InspectionSeverity,
  loadCodeLetters,
  type SchemeName,
  schemeTable,
} from './sampling-tables.ts';

export interface PlanRequest {
  readonly scheme: SchemeName;
  readonly lotSize: number;
  readonly level: string;
  readonly aql: string;
  readonly severity: InspectionSeverity;
}

export interface SamplingPlan extends PlanRequest {
  readonly table: string;
  /** Table I's letter for the lot size and level. */
  readonly codeLetter: string;
  /** The letter of the plan used, after arrows. */
  readonly planLetter: string;
  readonly n: number;
  readonly ac: number;
  readonly re: number;
  readonly fullInspection: boolean;
}

export class PlanRequestError extends Error {
  override readonly name = 'PlanRequestError';
}

let codeLetters: ReturnType<typeof loadCodeLetters> | undefined;

export function codeLetterFor(lotSize: number, level: string): string {
  codeLetters ??= loadCodeLetters();
  const column = codeLetters.levels.indexOf(level);
  if (column < 0)
    throw new PlanRequestError(`inspection level ${level}: use one of ${codeLetters.levels.join(', ')}`);
  if (!Number.isInteger(lotSize) || lotSize < 2)
    throw new PlanRequestError(`lot size ${lotSize}: a whole number ≥ 2`);
  const row = codeLetters.rows.find((r) => lotSize >= r.from && (r.to === undefined || lotSize <= r.to))!;
  return row.letters[column]!;
}

export function samplingPlan(request: PlanRequest): SamplingPlan {
  const table = schemeTable(request.scheme, request.severity);
  const column = table.aql.indexOf(request.aql);
  if (column < 0) throw new PlanRequestError(`AQL ${request.aql}: use one of ${table.aql.join(', ')}`);
  const codeLetter = codeLetterFor(request.lotSize, request.level);
  const row = table.rows.findIndex((r) => r.letter === codeLetter);
  const target = table.rows[arrowTarget(table, row, column)!]!;
  const plan = target.cells[column] as { ac: number; re: number };
  const fullInspection = target.n >= request.lotSize;
  return {
    ...request,
    table: table.table,
    codeLetter,
    planLetter: target.letter,
    n: fullInspection ? request.lotSize : target.n,
    ac: plan.ac,
    re: plan.re,
    fullInspection,
  };
}
