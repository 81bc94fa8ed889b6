// The one place where errors become stderr text or JSON and an exit status.
import { CommanderError } from 'commander';
import { AppError, EXIT, fromSqliteError } from '../errors.js';
import { buildProgram } from './program.js';

function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--json' || a.startsWith('--json='));
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof CommanderError) {
    const message = err.message.replace(/^error: /, '').replace(/\n/g, ' ');
    return new AppError('USAGE', message, EXIT.usage, "see 'alias-support --help'");
  }
  if ((err as { name?: string })?.name === 'ExitPromptError') return new AppError('INTERRUPTED', 'cancelled', EXIT.interrupted);
  const sqlite = fromSqliteError(err, process.env.ALIAS_SUPPORT_DB ?? 'the database');
  if (sqlite) return sqlite;
  const message = err instanceof Error ? err.message : String(err);
  return new AppError('INTERNAL', `internal error: ${message}`, EXIT.internal, 'run again with ALIAS_SUPPORT_DEBUG=1 for details');
}

export function report(err: unknown, json: boolean): number {
  const error = toAppError(err);
  if (process.env.ALIAS_SUPPORT_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: { code: error.code, message: error.message, exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}) } })}\n`);
  } else {
    process.stderr.write(`alias-support: ${error.message}${error.hint ? ` (${error.hint})` : ''}\n`);
  }
  return error.exitCode;
}

export async function run(argv: readonly string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    // --help and --version end through exitOverride with exit code 0.
    if (err instanceof CommanderError && err.exitCode === 0) return 0;
    // A command group called without its subcommand: commander printed the help.
    if (err instanceof CommanderError && err.code === 'commander.help') return EXIT.usage;
    return report(err, wantsJson(argv));
  }
}
