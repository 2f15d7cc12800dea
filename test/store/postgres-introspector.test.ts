import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { dropPgSchema, openStore } from '../../src/store/database.js';

const pgUrl = inject('pgUrl');
const name = (tag: string) => `intro_${tag}_${process.pid}_${Date.now().toString(36)}`;

describe.skipIf(!pgUrl)('PostgreSQL introspection stays in the store schema [postgres]', () => {
  it('sees only the tables of its own schema', async () => {
    const own = name('own');
    const other = name('other');
    const store = await openStore(pgUrl!, { pgSchema: own });
    const otherStore = await openStore(pgUrl!, { pgSchema: other });
    try {
      const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(new Set(tables.map((t) => t.schema))).toEqual(new Set([own]));
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['assets', 'kysely_migration']));
      const assets = tables.find((t) => t.name === 'assets')!;
      expect(assets.columns.find((c) => c.name === 'id')).toMatchObject({ isNullable: false });
      expect((await store.db.introspection.getTables()).some((t) => t.name === 'kysely_migration')).toBe(false);
      expect(await store.db.introspection.getSchemas()).toEqual([{ name: own }]);
    } finally {
      await store.close();
      await otherStore.close();
      await dropPgSchema(pgUrl!, own);
      await dropPgSchema(pgUrl!, other);
    }
  });

  it('migrates while other schemas of the same database are created and dropped', { timeout: 120_000 }, async () => {
    // Kysely's own introspector resolved every table of every schema by name and failed with
    // 3F000/42P01 when one disappeared mid-query; churn other schemas while stores are opened.
    const churn = new pg.Client({ connectionString: pgUrl! });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let i = 0; !stop; i++) {
        const s = name(`churn${i}`);
        await churn.query(`CREATE SCHEMA ${s}; CREATE TABLE ${s}.a (id serial primary key, v text); CREATE TABLE ${s}.b (id int)`);
        await churn.query(`DROP SCHEMA ${s} CASCADE`);
      }
    })();
    try {
      for (let i = 0; i < 6; i++) {
        const schema = name(`m${i}`);
        const store = await openStore(pgUrl!, { pgSchema: schema });
        await store.close();
        await dropPgSchema(pgUrl!, schema);
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
  });
});
