import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL URL for the store suites, or null when the PostgreSQL suite is skipped. */
    pgUrl: string | null;
  }
}

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** Probes PostgreSQL once per run. BULWARK_REQUIRE_PG=1 (set by .ci/run) turns "unreachable" into a failure. */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.BULWARK_TEST_PG_URL ?? DEFAULT_TEST_PG_URL;
  const required = process.env.BULWARK_REQUIRE_PG === '1';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    project.provide('pgUrl', url);
    console.log(`PostgreSQL suite: running against ${url.replace(/:[^:@/]*@/, ':***@')}`);
  } catch (err) {
    if (required) throw new Error(`PostgreSQL is required (BULWARK_REQUIRE_PG=1) but ${url} is unreachable: ${(err as Error).message}`, { cause: err });
    project.provide('pgUrl', null);
    console.log(`\n*** PostgreSQL suite SKIPPED: ${url} is unreachable (${(err as Error).message}). Set BULWARK_TEST_PG_URL to run it. ***\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
