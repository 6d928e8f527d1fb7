// The errata (suites/errata.json, or SMCERT_ERRATA for a trial run): cases of this suite version known to
// be wrong, each with a reason and where there is one a link. Checked against suites/errata.schema.json
// with ajv; every problem is one line naming the file, the JSON pointer, what is wrong and the fix. An
// erratum must name a case that exists: unknownErrata() lists those that name none.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';

export const ERRATA_FILE = fileURLToPath(new URL('../../suites/errata.json', import.meta.url));
const SCHEMA_FILE = fileURLToPath(new URL('../../suites/errata.schema.json', import.meta.url));

export interface Erratum {
  readonly reason: string;
  readonly link?: string;
}

/** An errata file that cannot be used: one line per problem, `<file>: at <pointer>: <what> — <fix>`. */
export class ErrataError extends Error {
  override readonly name = 'ErrataError';

  constructor(
    readonly file: string,
    readonly problems: readonly { readonly pointer: string; readonly problem: string }[],
  ) {
    super(problems.map((p) => `${file}: at ${p.pointer || '/'}: ${p.problem}`).join('\n'));
  }
}

const validate = new Ajv({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
);

/** Reads and checks an errata file; the errata by case id. */
export function loadErrata(file: string = ERRATA_FILE): Map<string, Erratum> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ErrataError(file, [
      { pointer: '', problem: `cannot be read (${code}) — give an errata file like suites/errata.json` },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ErrataError(file, [
      { pointer: '', problem: `not valid JSON (${(error as Error).message}) — fix the syntax` },
    ]);
  }
  if (!validate(data)) {
    // a bad case id is reported twice, as the pattern it breaks and as the property name: kept once
    const errors = (validate.errors ?? []).filter((e) => e.propertyName === undefined);
    throw new ErrataError(file, errors.map(describe));
  }
  return new Map(Object.entries((data as { errata: Record<string, Erratum> }).errata));
}

/** The errata that name no case of `caseIds`: one message each, with the pointer and the fix. */
export function unknownErrata(
  file: string,
  errata: ReadonlyMap<string, Erratum>,
  caseIds: Iterable<string>,
): string[] {
  const known = new Set(caseIds);
  return [...errata.keys()]
    .filter((id) => !known.has(id))
    .map(
      (id) =>
        `${file}: at /errata/${id}: no case of the suite has the id '${id}' — write the id of an existing case (as its conformance() call declares it) or remove the entry`,
    );
}

function describe(error: ErrorObject): { pointer: string; problem: string } {
  const pointer = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return {
        pointer,
        problem: `unknown field '${String(error.params.additionalProperty)}' — remove it; ${
          pointer === '' ? 'the fields are version and errata' : 'an erratum has a reason and a link'
        }`,
      };
    case 'required':
      return {
        pointer,
        problem: `missing field '${String(error.params.missingProperty)}' — add it${
          error.params.missingProperty === 'reason' ? ': say why the case is wrong' : ''
        }`,
      };
    case 'propertyNames':
      return {
        pointer: `${pointer}/${String(error.params.propertyName)}`,
        problem: `'${String(error.params.propertyName)}' is not a case id — write the id of a case, e.g. LV-BR-E5-002`,
      };
    case 'const':
      return {
        pointer,
        problem: `must be ${JSON.stringify(error.params.allowedValue)} — this suite reads format 1`,
      };
    case 'type':
      return { pointer, problem: `must be ${String(error.params.type)} — see suites/errata.schema.json` };
    case 'minLength':
      return { pointer, problem: 'is empty — write it out' };
    default:
      return { pointer, problem: `${error.message ?? 'invalid'} — see suites/errata.schema.json` };
  }
}
