/**
 * A separate process that appends audit entries to a database: `node --import tsx
 * test/support/audit-appender.ts LOCATION COUNT NAME`. Two of these on one file are two Bulwark
 * processes (a server and the command line) writing the audit chain at once.
 */
import { appendAudit } from '../../src/services/audit.js';
import { openStore } from '../../src/store/database.js';

const [location, count, name] = process.argv.slice(2);
const store = await openStore(location!, { migrate: false });
try {
  for (let i = 0; i < Number(count); i++) {
    await appendAudit(store, { actor: name!, actorKind: 'cli', action: 'test.append', target: String(i), outcome: 'success', source: `pid ${process.pid}` });
  }
} finally {
  await store.close();
}
