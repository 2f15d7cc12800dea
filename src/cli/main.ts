#!/usr/bin/env node
/**
 * The `bulwark` command. Exit codes: 0 ok, 1 runtime failure (also a server error or an unreachable
 * server), 2 bad usage, bad input, or a refused request (not signed in, not allowed, too many
 * attempts), 3 a gate that tripped (`scan --fail-on`) or an audit log that does not verify.
 */
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { AuthenticationError, ForbiddenError, TooManyAttemptsError } from '../model/auth.js';
import { BulwarkError, ConflictError, InputError, LimitError, NotFoundError } from '../model/errors.js';
import { VERSION } from '../version.js';
import { modulesFor } from './commands/index.js';
import { setCliOrganisation } from './scope.js';
import { printIssues, printJson } from './output.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The program with the commands that `argv` (user arguments, without node and the script) needs. */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('bulwark')
    .description('Bulwark — one true picture of your OT estate')
    .version(VERSION)
    .option('--db <location>', 'SQLite file or postgres:// URL (default: $BULWARK_DB, else the server of `bulwark login`, else ./data/bulwark.db)')
    .option('--org <name>', 'organisation the local database commands work in (default: $BULWARK_ORG, else the default organisation)')
    .hook('preAction', (cmd) => setCliOrganisation(cmd.opts<{ org?: string }>().org))
    .showHelpAfterError()
    .exitOverride();
  for (const module of modulesFor(args)) (await module.load())(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

/** Errors that are the caller's to fix (exit 2): bad input, unknown records, refused requests. */
const REFUSED = [InputError, NotFoundError, LimitError, ConflictError, AuthenticationError, ForbiddenError, TooManyAttemptsError];

export async function run(argv: string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (REFUSED.some((kind) => err instanceof kind)) {
      const e = err as BulwarkError;
      if (wantsJson) printJson({ error: { code: e.code, message: e.message, details: e.details } });
      process.stderr.write(`${pc.red('error')}: ${e.message}\n`);
      if (err instanceof InputError) printIssues(err.issues);
      return EXIT_USAGE;
    }
    if (err instanceof BulwarkError) {
      process.stderr.write(`${pc.red('error')}: ${err.message}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`${pc.red('error')}: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT_FAILURE;
  }
}

// A closed pipe (`bulwark assets list | head`) is a normal end, not a crash.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT_OK);
  throw err;
});

// Commands may also set process.exitCode themselves (e.g. 2 when some documents were rejected).
const code = await run(process.argv);
if (code !== EXIT_OK) process.exitCode = code;
