import { DEFAULT_DB_PATH, openStore, type Store } from '../store/database.js';

/** The database location: --db, else BULWARK_DB, else ./data/bulwark.db. */
export function dbLocation(flag: string | undefined): string {
  return flag ?? process.env.BULWARK_DB ?? DEFAULT_DB_PATH;
}

export async function withStore<T>(flag: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(dbLocation(flag));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
