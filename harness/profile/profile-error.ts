// A profile that cannot be used: which file, where (a JSON pointer, or a line and column for a syntax
// error), what is wrong and how to fix it — one line per problem.

export interface ProfileProblem {
  /** JSON pointer of the value at fault ('' for the whole file). */
  readonly pointer: string;
  /** Shown instead of the pointer when the file could not be parsed: "line 3, column 17". */
  readonly location?: string;
  /** What is wrong — how to fix it. */
  readonly problem: string;
}

export class ProfileError extends Error {
  override readonly name = 'ProfileError';

  constructor(
    readonly file: string,
    readonly problems: readonly ProfileProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.location ?? `at ${p.pointer || '/'}`}: ${p.problem}`).join('\n'));
  }
}
