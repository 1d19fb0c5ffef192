// Exit codes scripts can rely on, the same for every command.
export const EXIT = {
  /** Everything asked for was done and the content was valid. */
  ok: 0,
  /** The command ran, but content was invalid or rejected (what was valid is kept). */
  invalid: 1,
  /** The command line was wrong: unknown option, missing argument, unreadable input file. */
  usage: 2,
  /** The environment failed: database unreachable, disk full, port in use. */
  failure: 3,
} as const;

/** An error whose message is meant for the person at the terminal, with the exit code to use. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
