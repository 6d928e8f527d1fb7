// A closed pipe (`smcert run | head`) ends the output, never the program: the run goes on to its record,
// reports and exit code, and nothing prints a stack trace. Used by smcert and by the run reporter, which
// writes to the same pipe from the Playwright child.
export function ignoreClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.stdout.write = () => true;
  });
}
