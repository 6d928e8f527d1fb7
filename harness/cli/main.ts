// `smcert` command line: one module per command under harness/cli/, dispatched here.
import { runCertify } from './certify-command.ts';
import { runDecode } from './decode-command.ts';
import { runDemo } from './demo-command.ts';
import { runEmulate } from './emulate-command.ts';
import { runLotCommand } from './lot-command.ts';
import { runMerge } from './merge-command.ts';
import { runReplay } from './replay-command.ts';
import { runRun } from './run-command.ts';
import { runVerify } from './verify-command.ts';

export const USAGE = `smcert — conformance and certification suite for ECHONET Lite smart meters

Usage:
  smcert run --profile <f>    run the conformance suites against a profile's device (smcert run --help)
  smcert certify --profile <f> --key <pem>
                              certification mode: every case, suite pinned, bundle signed (smcert certify --help)
  smcert lot --profile <f> (--serials <csv> | --emulate <N>)
                              acceptance inspection of a lot by sampling (ISO 2859-1 / Z1.4): plan, draw,
                              every sampled unit run, signed lot report with the decision (smcert lot --help)
  smcert merge --out <d> <shard dir>...
                              one run (record, certificate, bundle) of the shards of a run (smcert run --shard i/n)
  smcert verify <bundle>      check a signed evidence bundle (directory or .zip)
  smcert replay <dir> <id>    run one case of a recorded run again (a property case: its counterexample)
                              and print both verdicts; exit 0 the same, 1 different (smcert replay --help)
  smcert demo                 decode the recorded real-meter frames in fixtures/real-meter/ and print them
  smcert decode <hex> [...]   decode ECHONET Lite frames given as hex (spaces allowed); strict, then lenient
  smcert emulate --profile <f> run a profile's emulated device on UDP (or --serial: behind a Wi-SUN module on a PTY; a
                              head-end profile: the reference head-end over HTTP) until Ctrl-C
  smcert bench                run the benchmarks (also: npm run bench; smcert bench --help)
  smcert --help               this text

Exit codes: 0 success (run, certify: every applicable case passed), 1 a frame, check or case failed,
2 usage or profile error, 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM.`;

type Command = (args: string[]) => Promise<number>;

const COMMANDS = new Map<string, Command>(
  Object.entries({
    demo: runDemo,
    decode: runDecode,
    emulate: runEmulate,
    run: runRun,
    certify: runCertify,
    verify: runVerify,
    merge: runMerge,
    lot: runLotCommand,
    replay: runReplay,
    bench: async (args: string[]) => (await import('../../bench/run-benchmarks.ts')).runBenchmarks(args),
  }),
);

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.get(name); // a Map: 'constructor' or 'toString' is no command
  if (!command) {
    console.error(`smcert: unknown command '${name}'\n\n${USAGE}`);
    return 2;
  }
  return command(args);
}
