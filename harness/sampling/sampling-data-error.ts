// A broken sampling table file: which file, where in it (JSON pointer), what is wrong and how to fix it.

export class SamplingDataError extends Error {
  override readonly name = 'SamplingDataError';

  constructor(
    readonly file: string,
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${file}: at ${pointer || '/'}: ${problem}`);
  }
}
