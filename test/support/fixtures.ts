import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file lives in test/support). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared, read-only real-world fixtures beside the repository: ../shared/fixtures. */
export const fixturesDir = process.env.BULWARK_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures');

export function fixture(...parts: string[]): string {
  return join(fixturesDir, ...parts);
}

export const haveFixtures = existsSync(fixturesDir);
