// A profile that cannot be used: which file, where (JSON pointer), what is wrong and how to fix it.

export class ProfileError extends Error {
  override readonly name = 'ProfileError';

  constructor(
    readonly file: string,
    readonly problems: readonly { readonly pointer: string; readonly problem: string }[],
  ) {
    super(problems.map((p) => `${file}: at ${p.pointer || '/'}: ${p.problem}`).join('\n'));
  }
}
