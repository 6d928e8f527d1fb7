// The sampling tables of harness/sampling/data/ (ISO 2859-1:1999 = JIS Z 9015-1, ANSI/ASQ Z1.4 =
// MIL-STD-105E), loaded and checked: JSON syntax, the schema (ajv), then what a schema cannot say — every
// row has a cell per AQL column, letters in table order, every arrow leads to a plan inside the table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { readDataFile } from '../data-file.ts';
import { SamplingDataError } from './sampling-data-error.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const SAMPLING_DATA_DIR = join(HERE, 'data');

export type InspectionSeverity = 'normal' | 'tightened' | 'reduced';
/** A cell as printed: a plan, or an arrow to the first plan below (↓) or above (↑) in the same column. */
export type Cell = { readonly ac: number; readonly re: number } | '↓' | '↑';

export interface TableRow {
  readonly letter: string;
  readonly n: number;
  readonly cells: readonly Cell[];
}

export interface SamplingTable {
  readonly file: string;
  readonly table: string;
  readonly severity: InspectionSeverity;
  readonly aql: readonly string[];
  readonly rows: readonly TableRow[];
}

export interface CodeLetterTable {
  readonly file: string;
  readonly table: string;
  readonly levels: readonly string[];
  readonly rows: readonly {
    readonly from: number;
    readonly to?: number;
    readonly letters: readonly string[];
  }[];
}

/** The named schemes a user chooses between: they share Table I, normal and tightened, not reduced. */
export const SCHEMES = {
  'iso-2859-1': {
    title: 'ISO 2859-1:1999 (JIS Z 9015-1)',
    normal: 'single-normal.json',
    tightened: 'single-tightened.json',
    reduced: 'single-reduced-iso-2859-1-1999.json',
  },
  'ansi-z1.4': {
    title: 'ANSI/ASQ Z1.4 (MIL-STD-105E)',
    normal: 'single-normal.json',
    tightened: 'single-tightened.json',
    reduced: 'single-reduced-ansi-asq-z1.4.json',
  },
} as const;
export type SchemeName = keyof typeof SCHEMES;

const LETTER_ORDER = 'ABCDEFGHJKLMNPQRS';
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<string, ValidateFunction>();

function readChecked(file: string, schemaFile: string): unknown {
  let validate = validators.get(schemaFile);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(join(HERE, schemaFile), 'utf8')));
    validators.set(schemaFile, validate);
  }
  return readDataFile(
    file,
    validate,
    `harness/sampling/${schemaFile}`,
    (...at) => new SamplingDataError(...at),
  );
}

interface RawTable {
  table: string;
  severity: InspectionSeverity;
  aql: string;
  rows: { letter: string; n: number; cells: string }[];
}

export function loadSamplingTable(file: string): SamplingTable {
  const raw = readChecked(file, 'sampling-table.schema.json') as RawTable;
  const aql = raw.aql.split(' ');
  const rows = raw.rows.map((row, r): TableRow => {
    const cells = row.cells.split(' ').map((token): Cell => {
      if (token === '↓' || token === '↑') return token;
      const [ac, re] = token.split('/').map(Number) as [number, number];
      if (re <= ac) throw new SamplingDataError(file, `/rows/${r}/cells`, `plan ${token}: Re must exceed Ac`);
      return { ac, re };
    });
    if (cells.length !== aql.length)
      throw new SamplingDataError(
        file,
        `/rows/${r}/cells`,
        `${cells.length} cells, one per AQL column (${aql.length}) expected`,
      );
    if (r > 0 && LETTER_ORDER.indexOf(row.letter) <= LETTER_ORDER.indexOf(raw.rows[r - 1]!.letter))
      throw new SamplingDataError(
        file,
        `/rows/${r}/letter`,
        `code letter ${row.letter} out of order (A B … R S, no I or O)`,
      );
    return { letter: row.letter, n: row.n, cells };
  });
  const table: SamplingTable = { file, table: raw.table, severity: raw.severity, aql, rows };
  for (const [r, row] of rows.entries())
    for (const column of aql.keys())
      if (arrowTarget(table, r, column) === undefined)
        throw new SamplingDataError(
          file,
          `/rows/${r}/cells`,
          `the arrow of ${row.letter} at AQL ${aql[column]} leads out of the table`,
        );
  return table;
}

/** The row index of the plan a cell leads to (itself when it holds a plan), undefined off the table. */
export function arrowTarget(table: SamplingTable, row: number, column: number): number | undefined {
  let r = row;
  for (;;) {
    const cell = table.rows[r]?.cells[column];
    if (cell === undefined) return undefined;
    if (cell === '↓') r += 1;
    else if (cell === '↑') r -= 1;
    else return r;
  }
}

interface RawCodeLetters {
  table: string;
  levels: string[];
  rows: { from: number; to?: number; letters: string }[];
}

export function loadCodeLetters(
  file = join(SAMPLING_DATA_DIR, 'table-i-code-letters.json'),
): CodeLetterTable {
  const raw = readChecked(file, 'code-letters.schema.json') as RawCodeLetters;
  const rows = raw.rows.map((row, r) => {
    const letters = row.letters.split(' ');
    if (letters.length !== raw.levels.length)
      throw new SamplingDataError(
        file,
        `/rows/${r}/letters`,
        `${letters.length} letters, one per level (${raw.levels.length}) expected`,
      );
    const previous = raw.rows[r - 1];
    if (previous && previous.to !== row.from - 1)
      throw new SamplingDataError(
        file,
        `/rows/${r}/from`,
        `lot sizes must follow on: ${previous.to} then ${row.from}`,
      );
    if (row.to === undefined && r !== raw.rows.length - 1)
      throw new SamplingDataError(file, `/rows/${r}`, 'only the last row may be open-ended (no "to")');
    return { from: row.from, ...(row.to === undefined ? {} : { to: row.to }), letters };
  });
  return { file, table: raw.table, levels: raw.levels, rows };
}

const cache = new Map<string, SamplingTable>();
export function schemeTable(scheme: SchemeName, severity: InspectionSeverity): SamplingTable {
  const file = join(SAMPLING_DATA_DIR, SCHEMES[scheme][severity]);
  let table = cache.get(file);
  if (!table) {
    table = loadSamplingTable(file);
    cache.set(file, table);
  }
  return table;
}
