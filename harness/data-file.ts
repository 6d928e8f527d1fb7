// A data file of the harness (class definitions, sampling tables) read and checked against its JSON
// schema (ajv): a broken one is an error naming the file, where in it (JSON pointer), what is wrong and
// how to fix it.
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';

export class DataFileError extends Error {
  override readonly name: string = 'DataFileError';

  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file}: at ${pointer || '/'}: ${problem}`);
  }
}

/** The file's JSON once it matches `validate` (the schema `schemaFile`); else `errorOf`'s error. */
export function readDataFile(
  file: string,
  validate: ValidateFunction,
  schemaFile: string,
  errorOf: (file: string, pointer: string, problem: string) => DataFileError,
): unknown {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw errorOf(file, '', `not readable JSON: ${(error as Error).message}`);
  }
  if (!validate(data)) {
    const first = (validate.errors ?? [])[0];
    throw errorOf(file, first?.instancePath ?? '', describeSchemaError(first, schemaFile));
  }
  return data;
}

function describeSchemaError(error: ErrorObject | undefined, schemaFile: string): string {
  if (!error) return `does not match ${schemaFile}`;
  const detail =
    error.keyword === 'additionalProperties'
      ? ` '${String(error.params.additionalProperty)}' (remove it or fix its spelling)`
      : error.keyword === 'enum'
        ? `: ${JSON.stringify(error.params.allowedValues)}`
        : '';
  return `${error.message ?? 'invalid'}${detail} (schema rule ${error.schemaPath})`;
}
