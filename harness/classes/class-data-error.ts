// A broken class data file: which file, where in it (JSON pointer), what is wrong and how to fix it.

export class ClassDataError extends Error {
  override readonly name = 'ClassDataError';

  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file}: at ${pointer || '/'}: ${problem}`);
  }
}
