/**
 * Bulk row writes: on SQLite many rows per statement and the rest one by one, on PostgreSQL
 * multi-row VALUES; every row lands once, upserts keep the last row of a key, and a failing row
 * fails the whole write.
 */
import { expect, it } from 'vitest';
import { insertRows } from '../../src/store/bulk.js';
import { describeEachDialect } from '../support/stores.js';

describeEachDialect('bulk row writes', (h) => {
  const keys = async () => (await h.store.db.selectFrom('target_keys').select(['key', 'target_id']).orderBy('key').orderBy('target_id').execute()).map((r) => `${r.key}|${r.target_id}`);

  it('writes every row once, in full statements and the remainder, whatever the count', async () => {
    for (const count of [1, 49, 50, 51, 123]) {
      await h.store.db.deleteFrom('target_keys').execute();
      const rows = Array.from({ length: count }, (_, i) => ({ key: `k${String(i).padStart(4, '0')}`, target_id: `t${i % 7}` }));
      await h.store.db.transaction().execute((trx) => insertRows(trx, h.store.sqlite, 'target_keys', rows));
      expect(await keys()).toEqual(rows.map((r) => `${r.key}|${r.target_id}`));
    }
  });

  it('upserts: a key written again (also twice in one write) keeps one row, the last written', async () => {
    const now = '2026-11-26T00:00:00.000Z';
    const later = '2026-11-27T00:00:00.000Z';
    const meta = (n: number, at: string) => Array.from({ length: n }, (_, i) => ({ key: `m${String(i).padStart(3, '0')}`, value: `v${i}@${at}` }));
    await h.store.db.transaction().execute((trx) => insertRows(trx, h.store.sqlite, 'meta', meta(120, now), { key: 'key' }));
    const again = [...meta(60, later), { key: 'm000', value: 'last wins' }];
    await h.store.db.transaction().execute((trx) => insertRows(trx, h.store.sqlite, 'meta', again, { key: 'key' }));
    const stored = await h.store.db.selectFrom('meta').select(['key', 'value']).where('key', 'like', 'm%').orderBy('key').execute();
    expect(stored.length).toBe(120);
    expect(stored[0]).toEqual({ key: 'm000', value: 'last wins' });
    expect(stored[59]).toEqual({ key: 'm059', value: `v59@${later}` });
    expect(stored[60]).toEqual({ key: 'm060', value: `v60@${now}` });
  });

  it('fails the whole write when one row breaks a constraint', async () => {
    await h.store.db.deleteFrom('target_keys').execute();
    const rows = Array.from({ length: 120 }, (_, i) => ({ key: `x${i}`, target_id: 't' }));
    rows[110] = { key: 'x3', target_id: 't' }; // the primary key (key, target_id) again
    await expect(h.store.db.transaction().execute((trx) => insertRows(trx, h.store.sqlite, 'target_keys', rows))).rejects.toThrow(/unique|duplicate/i);
    expect(await keys()).toEqual([]);
  });
});
