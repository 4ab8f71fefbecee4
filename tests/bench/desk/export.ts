/**
 * The desk's CSV exports at city-year scale (issue 12 item 5): every request of the city (an
 * admin) and of the bench coordinator's three districts, read through the postgres.js cursor
 * and written by the streaming CSV writer into a sink that only counts bytes. Prints the time,
 * rows, bytes and the heap's and RSS's peak growth while each export runs.
 *
 *   pnpm exec tsx --conditions=@sasaeai/source tests/bench/desk/export.ts [--database sasaeai_desk_bench]
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createDb } from '@sasaeai/db';
import { inArray } from 'drizzle-orm';
import * as schema from '@sasaeai/db/schema';
import { csvStream } from '../../../services/api/src/use-cases/exports/csv.ts';
import { requestsExport } from '../../../services/api/src/use-cases/exports/requests-export.ts';
import { matchesExport } from '../../../services/api/src/use-cases/exports/matches-export.ts';
import type { CentreScope } from '../../../services/api/src/use-cases/reports/report-scope.ts';
import { COORDINATOR_DISTRICTS } from '../council/config.ts';
import { databaseUrl } from '../council/database.ts';

const { values } = parseArgs({
  options: { database: { type: 'string', default: 'sasaeai_desk_bench' } },
});
const { db, close } = createDb({ url: databaseUrl(values.database), max: 2 });

const own = await db
  .select({
    id: schema.districts.id,
    code: schema.districts.code,
    name: schema.districts.name,
    nameEn: schema.districts.nameEn,
  })
  .from(schema.districts)
  .where(inArray(schema.districts.code, [...COORDINATOR_DISTRICTS]));
const city: CentreScope = { districtIds: null, district: null, districts: [] };
const mine: CentreScope = { districtIds: own.map((d) => d.id), district: null, districts: own };

async function measure(name: string, make: () => ReturnType<typeof requestsExport>) {
  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = 0;
  let peakRss = 0;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed - base.heapUsed);
    peakRss = Math.max(peakRss, now.rss - base.rss);
  }, 20);
  let bytes = 0;
  let rows = 0;
  const started = performance.now();
  const source = make();
  const counted = (async function* () {
    for await (const row of source.rows) {
      rows += 1;
      yield row;
    }
  })();
  await pipeline(
    csvStream(source.header, counted),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  const ms = performance.now() - started;
  clearInterval(sample);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  console.log(
    `${name}: ${String(rows)} rows, ${mb(bytes)} MB in ${(ms / 1000).toFixed(2)} s; ` +
      `peak heap +${mb(peakHeap)} MB, peak RSS +${mb(peakRss)} MB`,
  );
}

const everyone = { kind: 'all' as const };
await measure('requests, city (admin)', () => requestsExport(db, city, everyone, {}));
await measure('requests, 3 districts', () =>
  requestsExport(db, mine, { kind: 'districts', ids: mine.districtIds! }, {}),
);
await measure('matches, city (admin)', () => matchesExport(db, city, {}));
await close();
