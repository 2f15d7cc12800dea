/**
 * Runs a store test suite once per database dialect: SQLite always, PostgreSQL when the global
 * setup found it (each suite gets its own schema, dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, inject } from 'vitest';
import { dropPgSchema, openStore, type DialectName, type Store } from '../../src/store/database.js';

export interface StoreHandle {
  /** The store for the current test; a fresh, empty database for every test. */
  readonly store: Store;
  readonly dialect: DialectName;
  /** The location to pass to the CLI (`--db`) for this test's database. */
  readonly location: string;
}

let counter = 0;

export function describeEachDialect(name: string, body: (h: StoreHandle) => void): void {
  const pgUrl = inject('pgUrl');
  const dialects: DialectName[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let current: Store | undefined;
      let location = '';
      let schema = '';
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-test-'));
      const handle: StoreHandle = {
        get store() {
          if (!current) throw new Error('store not open');
          return current;
        },
        dialect,
        get location() {
          return location;
        },
      };
      beforeEach(async () => {
        counter++;
        if (dialect === 'sqlite') {
          location = join(dir, `t${counter}.db`);
          current = await openStore(location);
        } else {
          schema = `t_${process.pid}_${Date.now().toString(36)}_${counter}`;
          const u = new URL(pgUrl!);
          u.searchParams.set('options', `-c search_path=${schema}`);
          location = u.toString();
          current = await openStore(pgUrl!, { pgSchema: schema });
        }
      });
      afterEach(async () => {
        await current?.close();
        current = undefined;
        if (dialect === 'postgres') await dropPgSchema(pgUrl!, schema);
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));
      body(handle);
    });
  }
}
