import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMAND_MODULES, modulesFor } from '../../src/cli/commands/index.js';
import { runCli } from '../support/cli.js';

describe('the CLI command table', () => {
  it('names exactly the top-level commands each module registers', async () => {
    for (const module of COMMAND_MODULES) {
      const program = new Command('bulwark');
      (await module.load())(program);
      expect(program.commands.map((c) => c.name())).toEqual(module.commands);
    }
  });

  it('loads only the named command, past global options and their values', () => {
    const owner = (args: string[]) => modulesFor(args).flatMap((m) => m.commands);
    expect(owner(['assets', 'list'])).toEqual(['assets']);
    expect(owner(['--db', 'findings.db', '--org', 'scan', 'findings', 'list'])).toEqual(['match', 'findings', 'scan']);
    expect(owner(['--db=x.db', 'whoami'])).toEqual(['login', 'logout', 'whoami']);
    // No command, `help`, or a misspelling: every command, for the overview and the suggestion.
    const all = COMMAND_MODULES.flatMap((m) => m.commands);
    expect(owner([])).toEqual(all);
    expect(owner(['--help'])).toEqual(all);
    expect(owner(['help', 'assets'])).toEqual(all);
    expect(owner(['asets'])).toEqual(all);
  });

  it('still lists every command in the overview and suggests the right one for a misspelling', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    for (const name of COMMAND_MODULES.flatMap((m) => m.commands)) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    const typo = runCli(['asets', 'list']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean assets\?/);
  });
});
