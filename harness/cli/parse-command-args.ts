// Argument parsing every smcert command shares: node:util parseArgs, --help, and usage errors that
// show the usage. Returns the values, or the exit code to stop with (0 after --help, 2 on a usage error).
import { type ParseArgsConfig, parseArgs } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export type ArgValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export function parseCommandArgs(
  command: string,
  usage: string,
  args: string[],
  options: Options,
  required: readonly string[] = [],
  /** Whether the command takes positional arguments; they come back as `_`. */
  positionals = false,
): ArgValues | number {
  let values: ArgValues;
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: positionals,
    });
    values = { ...parsed.values, _: parsed.positionals };
  } catch (error) {
    console.error(`smcert ${command}: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  for (const name of required) {
    if (values[name] === undefined) {
      console.error(`smcert ${command}: --${name} is required\n\n${usage}`);
      return 2;
    }
  }
  return values;
}
