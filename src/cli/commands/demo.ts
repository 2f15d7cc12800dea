import type { Command } from 'commander';
import { seedDemo } from '../../services/demo.js';
import { withStore, type GlobalOptions } from '../context.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('seed the demo plant (a water utility and an electric substation)')
    .option('--force', 'seed even if the inventory already has assets (existing demo assets are updated, not duplicated)')
    .action(async (opts: { force?: boolean }) => {
      await withStore(program.opts<GlobalOptions>().db, async (store) => {
        const r = await seedDemo(store, { force: opts.force });
        if (!r) process.stdout.write('The inventory already has assets; nothing seeded (use --force to seed anyway).\n');
        else process.stdout.write(`Demo plant: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.\n`);
      }, { command: 'demo' });
    });
}
