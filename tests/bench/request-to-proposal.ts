/**
 * Request → proposal latency in the running demo (issue 3's figure): log in as the demo
 * resident, ask for help 50 times through the API, and time how long each request takes to be
 * proposed to a volunteer (or sent to the coordinator as unmatched). Then cancel them again.
 *
 *   npm start                                  # in one terminal
 *   pnpm bench:demo-latency [--url http://localhost:3000] [--count 50]
 *
 * Prints a table and writes JSON under bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:3000' },
    count: { type: 'string', default: '50' },
    email: { type: 'string', default: 'resident@demo.sasaeai.jp' },
    password: { type: 'string', default: 'sasaeai-demo-2026' },
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

async function main() {
  const cookie = await logIn();
  const started: { id: string; at: number }[] = [];
  const results: { id: string; ms: number; status: string }[] = [];
  const pending = new Map<string, number>();

  const poller = setInterval(() => {
    for (const [id, at] of pending) {
      void fetch(`${base}/api/help-requests/${id}`, { headers: headers(cookie) })
        .then((r) => r.json() as Promise<{ request: { status: string } }>)
        .then(({ request }) => {
          if (pending.has(id) && decided.has(request.status)) {
            pending.delete(id);
            results.push({ id, ms: Date.now() - at, status: request.status });
          }
        })
        .catch(() => {});
    }
  }, 25);

  for (let i = 0; i < count; i++) {
    const at = Date.now();
    const response = await fetch(`${base}/api/help-requests`, {
      method: 'POST',
      headers: { ...headers(cookie), 'idempotency-key': `bench-${at}-${i}` },
      body: JSON.stringify({ category: 'snow', when: windowFor(i), where: { kind: 'profile' } }),
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

  for (const { id } of started) {
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
    undecidedAfter30s: pending.size,
    proposed: results.filter((r) => r.status !== 'unmatched').length,
    unmatched: results.filter((r) => r.status === 'unmatched').length,
    medianMs: median,
    worstMs: ms.at(-1) ?? NaN,
    machine: { cpus: cpus().length, node: process.version },
  };
  console.table([summary]);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/request-to-proposal-${Date.now()}.json`;
  writeFileSync(file, JSON.stringify({ summary, results }, null, 2));
  console.log(`written ${file}`);
}

await main();
