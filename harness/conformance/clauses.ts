// The clause registry (suites/clauses.json): every specRef a case may cite, with its document, version,
// clause and a short quote of the rule (verbatim, or a paraphrase marked as such). ECHONET documents have no web anchors, so a case names a registry id such as
// `AIF-LV-1.01/3.2.1` and reports print the full reference from here.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { loadClassRegistry } from '../classes/load-classes.ts';
import { classDataClauses } from './class-data-clauses.ts';

export const CLAUSES_FILE = fileURLToPath(new URL('../../suites/clauses.json', import.meta.url));
const SCHEMA_FILE = fileURLToPath(new URL('../../suites/clauses.schema.json', import.meta.url));

interface Document {
  readonly title: string;
  readonly version: string;
  readonly part?: string;
}

interface ClauseEntry {
  readonly document: string;
  readonly clause: string;
  readonly title: string;
  /** The rule in one or two sentences. */
  readonly quote: string;
  /** Whether `quote` is the source's words, a paraphrase of it, or written from what the cases check. */
  readonly quoteIs: 'verbatim' | 'paraphrase' | 'from-the-case';
}

export interface Clause extends ClauseEntry {
  readonly id: string;
  /** `AIF LV … 1.01 §3.2.1`: document title, version and clause for people. */
  readonly reference: string;
}

let cache: Map<string, Clause> | undefined;

export function clauses(): Map<string, Clause> {
  // the class data's entries (APPX-<release>/<class>/<EPC>/entry), then the written clauses
  cache ??= new Map([...classDataClauses(loadClassRegistry()), ...loadClauses(CLAUSES_FILE)]);
  return cache;
}

export function loadClauses(file: string): Map<string, Clause> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    documents: Record<string, Document>;
    clauses: Record<string, ClauseEntry>;
  };
  const validate = new Ajv({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
  );
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new Error(`${file}${first?.instancePath ? ` at ${first.instancePath}` : ''}: ${first?.message}`);
  }
  const out = new Map<string, Clause>();
  for (const [id, entry] of Object.entries(data.clauses)) {
    const document = data.documents[entry.document];
    if (!document) {
      throw new Error(
        `${file} at /clauses/${id}/document: unknown document '${entry.document}'; add it under /documents or use one of ${Object.keys(data.documents).join(', ')}`,
      );
    }
    const part = document.part ? ` ${document.part}` : '';
    out.set(id, { id, ...entry, reference: `${document.title} ${document.version}${part} ${entry.clause}` });
  }
  return out;
}
