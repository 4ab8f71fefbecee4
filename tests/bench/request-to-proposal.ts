/**
 * Request → proposal latency in the running demo (issue 3's figure): log in as the demo
 * resident, ask for help 50 times through the API (addresses in ten districts), and time how
 * long each request takes to be proposed to a volunteer (or sent to the coordinator as
 * unmatched). The poll resolution is 50 ms. Then cancel them again.
 *
 *   npm start                                  # in one terminal
 *   pnpm bench:demo-latency [--url http://localhost:3000] [--count 50]
 *
 * Prints a table and writes JSON under bench/results/.
 */
import { parseArgs } from 'node:util';
import { machineFacts, writeBenchResult } from './results.ts';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    count: { type: 'string', default: '50' },
    email: { type: 'string', default: 'resident@demo.sasaeai.jp' },
    password: { type: 'string', default: 'sasaeai-demo-2026' },
    /** Leave the requests in place afterwards (to inspect them) instead of cancelling them. */
    keep: { type: 'boolean', default: false },
  },
});
const base = values.url!;
const count = Number(values.count);
const headers = (cookie?: string) => ({
  'content-type': 'application/json',
  origin: base,
  ...(cookie ? { cookie } : {}),
});

async function logIn(): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ email: values.email, password: values.password }),
  });
  if (!response.ok) throw new Error(`log-in failed (${response.status}); is the demo running?`);
  const cookie = response.headers.getSetCookie().find((c) => c.includes('session='));
  return cookie!.split(';')[0]!;
}

/** Spread the windows over days and hours so the requests do not compete for one slot. */
function windowFor(index: number) {
  const day = new Date(Date.now() + (9 + 24 * (2 + Math.floor(index / 5))) * 3_600_000);
  const hour = 8 + (index % 5) * 2;
  return {
    kind: 'window',
    date: day.toISOString().slice(0, 10),
    from: `${String(hour).padStart(2, '0')}:00`,
    to: `${String(hour + 2).padStart(2, '0')}:00`,
  };
}

const decided = new Set(['proposed', 'approved', 'accepted', 'unmatched']);

/** Addresses across ten districts, as residents all over the city would ask. */
const addresses = [
  '旭川市5条通9丁目3-12',
  '旭川市永山3条5丁目2-10',
  '旭川市神楽4条6丁目1-5',
  '旭川市東光8条3丁目4-2',
  '旭川市豊岡5条2丁目7-1',
  '旭川市春光3条4丁目6-9',
  '旭川市末広2条5丁目1-3',
  '旭川市神居2条10丁目3-8',
  '旭川市東4条3丁目5-8',
  '旭川市忠和5条3丁目2-6',
];

async function main() {
  const cookie = await logIn();
  const started: { id: string; at: number }[] = [];
  const results: { id: string; ms: number; status: string }[] = [];
  const pending = new Map<string, number>();

  // One list call per tick (not one per request), so the benchmark does not load the API itself.
  let polling = false;
  const poller = setInterval(() => {
    if (polling || pending.size === 0) return;
    polling = true;
    void fetch(`${base}/api/help-requests?limit=200`, { headers: headers(cookie) })
      .then((r) => r.json() as Promise<{ requests: { id: string; status: string }[] }>)
      .then(({ requests }) => {
        const now = Date.now();
        for (const request of requests) {
          const at = pending.get(request.id);
          if (at !== undefined && decided.has(request.status)) {
            pending.delete(request.id);
            results.push({ id: request.id, ms: now - at, status: request.status });
          }
        }
      })
      .catch(() => {})
      .finally(() => (polling = false));
  }, 50);

  for (let i = 0; i < count; i++) {
    const at = Date.now();
    const response = await fetch(`${base}/api/help-requests`, {
      method: 'POST',
      headers: { ...headers(cookie), 'idempotency-key': `bench-${at}-${i}` },
      body: JSON.stringify({
        category: 'snow',
        when: windowFor(i),
        where: { kind: 'other', address: addresses[i % addresses.length] },
      }),
    });
    if (response.status !== 201)
      throw new Error(`request ${i}: ${response.status} ${await response.text()}`);
    const { request } = (await response.json()) as { request: { id: string } };
    started.push({ id: request.id, at });
    pending.set(request.id, at);
    process.stdout.write(`\rsent ${i + 1}/${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const deadline = Date.now() + 30_000;
  while (pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  clearInterval(poller);
  process.stdout.write('\n');

  for (const { id } of values.keep ? [] : started) {
    await fetch(`${base}/api/help-requests/${id}/cancel`, {
      method: 'POST',
      headers: headers(cookie),
      body: JSON.stringify({ reason: 'benchmark clean-up' }),
    });
  }

  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms.length ? ms[Math.floor((ms.length - 1) / 2)]! : NaN;
  const summary = {
    when: new Date().toISOString(),
    url: base,
    sent: count,
    decided: results.length,
    // Still `matching` after 30 s: every eligible helper was taken; the reconciler retries them.
    stillWaitingAfter30s: pending.size,
    proposed: results.filter((r) => r.status !== 'unmatched').length,
    unmatched: results.filter((r) => r.status === 'unmatched').length,
    medianMs: median,
    worstMs: ms.at(-1) ?? NaN,
    machine: machineFacts(),
  };
  console.table([summary]);
  const file = writeBenchResult('request-to-proposal', { summary, results });
  console.log(`written ${file}`);
}

await main();
