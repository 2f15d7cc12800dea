#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` through the prepare script, or `npm run build`).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('bulwark: not built yet; run `npm run build` (npm install does it) first\n');
  process.exit(1);
}
await import(entry.href);
