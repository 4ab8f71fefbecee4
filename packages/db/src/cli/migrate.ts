import { readDatabaseUrl } from '../env.ts';
import { ensureDatabase } from '../ensure-database.ts';
import { runMigrations } from '../migrate.ts';
import { describeConnectionError } from '../connection-error.ts';

const url = readDatabaseUrl();
try {
  await ensureDatabase(url);
  await runMigrations(url);
  console.log('migrations applied');
} catch (error) {
  console.error(describeConnectionError(error, url));
  process.exit(1);
}
