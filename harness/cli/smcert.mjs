#!/usr/bin/env node
// Entry point of the `smcert` command: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
(await import('./closed-pipe.ts')).ignoreClosedStdout();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
