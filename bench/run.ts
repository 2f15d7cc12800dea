/**
 * Runs every benchmark in bench/ one after another (each in its own process, so that memory
 * figures are not mixed) and prints their figures. `npm run bench`, or `npm run bench -- inventory`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const all = ['inventory', 'intel', 'sbom', 'match', 'discovery', 'risk', 'risk-store'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : all;
let failed = 0;
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.error(`no benchmark named ${name}`);
    failed++;
    continue;
  }
  console.log(`\n##### ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
