// A broken class data file: which file, where in it (JSON pointer), what is wrong and how to fix it.
import { DataFileError } from '../data-file.ts';

export class ClassDataError extends DataFileError {
  override readonly name = 'ClassDataError';
}
