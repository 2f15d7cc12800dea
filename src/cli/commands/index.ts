/**
 * The top-level commands and the module that registers each. A command loads only its own module
 * (`bulwark assets list` does not load the HTTP server, the SBOM readers or the matching engine):
 * starting the CLI used to cost about half a second of module loading on every call, which scripts
 * and CI jobs that call it in loops pay each time. test/cli/command-table.test.ts checks that the
 * names here are exactly the ones each module registers.
 */
import type { Command } from 'commander';

export type RegisterCommands = (program: Command) => void;

export interface CommandModule {
  /** Top-level command names the module registers, in the order of `bulwark --help`. */
  readonly commands: readonly string[];
  readonly load: () => Promise<RegisterCommands>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { commands: ['serve'], load: async () => (await import('./serve.js')).registerServeCommand },
  { commands: ['assets'], load: async () => (await import('./assets.js')).registerAssetCommands },
  { commands: ['demo'], load: async () => (await import('./demo.js')).registerDemoCommand },
  { commands: ['intel'], load: async () => (await import('./intel.js')).registerIntelCommands },
  { commands: ['discover'], load: async () => (await import('./discover.js')).registerDiscoverCommand },
  { commands: ['match', 'findings', 'scan'], load: async () => (await import('./match.js')).registerMatchCommands },
  { commands: ['sbom'], load: async () => (await import('./sbom.js')).registerSbomCommands },
  { commands: ['risk', 'remediation'], load: async () => (await import('./risk.js')).registerRiskCommands },
  { commands: ['login', 'logout', 'whoami'], load: async () => (await import('./login.js')).registerLoginCommands },
  { commands: ['audit'], load: async () => (await import('./audit.js')).registerAuditCommands },
  { commands: ['users', 'orgs', 'tokens'], load: async () => (await import('./admin.js')).registerAdminCommands },
];

/** Global options that take a value: their value is not the command name. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--db', '--org']);

/**
 * The modules a command line needs: the one module of the named command, or every module when the
 * line names none (`bulwark --help`, `bulwark help assets`, a misspelt command that deserves a
 * suggestion).
 */
export function modulesFor(args: readonly string[]): readonly CommandModule[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    const owner = COMMAND_MODULES.find((m) => m.commands.includes(arg));
    return owner ? [owner] : COMMAND_MODULES;
  }
  return COMMAND_MODULES;
}
