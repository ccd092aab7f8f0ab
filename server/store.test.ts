import { migrate } from './db/migrate.ts';
import { openDatabase } from './db/open.ts';
import { storeContract } from './store.contract.ts';
import { createSqliteStore } from './store.ts';

storeContract('SQLite', async () => {
  const db = openDatabase(':memory:');
  migrate(db);
  return createSqliteStore(db);
});
