import { count, eq } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';
import { users } from './schema/index.ts';

/** Users flagged is_demo. A production start must refuse to run while this is above zero. */
export async function countDemoAccounts(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users).where(eq(users.isDemo, true));
  return row?.n ?? 0;
}
