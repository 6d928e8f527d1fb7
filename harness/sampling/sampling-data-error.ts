// A broken sampling table file: which file, where in it (JSON pointer), what is wrong and how to fix it.
import { DataFileError } from '../data-file.ts';

export class SamplingDataError extends DataFileError {
  override readonly name = 'SamplingDataError';
}
