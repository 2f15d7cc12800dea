/**
 * Two processes appending to one audit chain at once (the command line beside a running server)
 * neither fork the chain nor fail: each append holds the write lock from its first read of the
 * head (BEGIN IMMEDIATE on SQLite, the head row lock on PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { listAudit, verifyAudit } from '../../src/services/audit.js';
import { describeEachDialect } from '../support/stores.js';
import { repoRoot } from '../support/fixtures.js';

const APPENDS = 150;

function appender(location: string, name: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'audit-appender.ts'), location, String(APPENDS), name], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describeEachDialect('audit chain with concurrent writers', (h) => {
  it('keeps one unbroken chain when two processes append at once', async () => {
    const before = (await verifyAudit(h.store.db)).entries;
    const results = await Promise.all([appender(h.location, 'writer-1'), appender(h.location, 'writer-2')]);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    const verified = await verifyAudit(h.store.db);
    expect(verified).toMatchObject({ ok: true, entries: before + 2 * APPENDS });
    expect(verified.head.seq).toBe(before + 2 * APPENDS);
    for (const actor of ['writer-1', 'writer-2']) {
      const { total } = await listAudit(h.store.db, { orgId: null, actor, limit: 1 });
      expect(total).toBe(APPENDS);
    }
  }, 120_000);
});
