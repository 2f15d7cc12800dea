#!/usr/bin/env node
/**
 * The `bulwark` command. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input.
 */
import { Command, CommanderError } from 'commander';
import pc from 'picocolors';
import { BulwarkError, InputError, LimitError, NotFoundError } from '../model/errors.js';
import { VERSION } from '../version.js';
import { registerAssetCommands } from './commands/assets.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDiscoverCommand } from './commands/discover.js';
import { registerIntelCommands } from './commands/intel.js';
import { registerMatchCommands } from './commands/match.js';
import { registerSbomCommands } from './commands/sbom.js';
import { registerServeCommand } from './commands/serve.js';
import { printIssues, printJson } from './output.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('bulwark')
    .description('Bulwark — one true picture of your OT estate')
    .version(VERSION)
    .option('--db <location>', 'SQLite file or postgres:// URL (default: $BULWARK_DB or ./data/bulwark.db)')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerAssetCommands(program);
  registerDemoCommand(program);
  registerIntelCommands(program);
  registerDiscoverCommand(program);
  registerMatchCommands(program);
  registerSbomCommands(program);
  for (const cmd of program.commands) {
    cmd.exitOverride();
    for (const sub of cmd.commands) sub.exitOverride();
  }
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof InputError || err instanceof NotFoundError || err instanceof LimitError) {
      if (wantsJson) printJson({ error: { code: err.code, message: err.message, details: err.details } });
      process.stderr.write(`${pc.red('error')}: ${err.message}\n`);
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
