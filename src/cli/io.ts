/** Terminal edges shared by the commands: colour detection, one-line errors, exit codes. */

/** Thrown to end a command with an exit code after its output is written. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'CliExit';
  }
}

/** One line on stderr, prefixed with the program name. */
export function fail(message: string): void {
  process.stderr.write(`agentos: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}

/** Print a one-line error and end with exit code 2. */
export function usageError(message: string): never {
  fail(message);
  throw new CliExit(2);
}

/**
 * Colour on when writing to a TTY, unless NO_COLOR is set or --no-color given;
 * FORCE_COLOR forces it (FORCE_COLOR=0 disables).
 */
export function colorEnabled(flag: boolean | undefined, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (flag === false) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return !!stream.isTTY;
}
