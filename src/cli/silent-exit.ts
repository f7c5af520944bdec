// An error that ends the CLI with an exit code and prints nothing: the command has already
// said everything there is to say (`cog run --json` printed the failed prediction's response,
// and scripts parse stdout/stderr; one more line would only get in their way).
// render-error.ts returns its exit code without a word, even with --debug.

export class SilentExit extends Error {
  readonly exitCode: number;

  constructor(exitCode: number, reason = `exit status ${exitCode}`) {
    super(reason);
    this.name = 'SilentExit';
    this.exitCode = exitCode;
  }
}
