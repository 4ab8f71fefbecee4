export interface FaultResult {
  fault: string;
  what: string;
  notes: string[];
  sent: number;
  /** Answered 201 Created. */
  accepted: number;
  /** Accepted but missing from the database, or still `open` when the settle budget ran out. */
  lost: number;
  /** Outbox rows still not relayed when the settle budget ran out. */
  stuck: number;
  /** Two requests for one idempotency key, two live matches of one volunteer for one request, or a retry answered with another request. */
  duplicate: number;
  /** Overlapping live bookings of one individual volunteer. */
  doubleBooked: number;
  /** Requests with more live helpers than they need. */
  overfilled: number;
  /** Answers 500 or higher, or no answer at all (connection refused or reset). */
  answers5xx: number;
  /** Service processes that exited on their own during the fault (restarted, as a supervisor would). */
  crashes: number;
  /** Of those, 500 "something went wrong": a fault should meet 503 `unavailable` instead. */
  answers500: number;
  answersByStatus: Record<string, number>;
  messages5xx: Record<string, number>;
  /** Status of the one retry (same idempotency key) of each request not answered 201. */
  retriedAfterFailure: Record<string, number>;
  burstSeconds: number;
  settleSeconds: number;
  settled: boolean;
}

const columns: [string, (r: FaultResult) => string | number][] = [
  ['fault', (r) => r.fault],
  ['accepted', (r) => r.accepted],
  ['lost', (r) => r.lost],
  ['stuck', (r) => r.stuck],
  ['duplicate', (r) => r.duplicate],
  ['double-booked', (r) => r.doubleBooked],
  ['5xx', (r) => r.answers5xx],
  ['of which 500', (r) => r.answers500],
  ['crashes', (r) => r.crashes],
  ['burst s', (r) => r.burstSeconds],
  ['settle s', (r) => r.settleSeconds],
];

/** The results as a plain-text table (also pasteable into Markdown). */
export function formatTable(results: readonly FaultResult[]): string {
  const rows = [
    columns.map(([name]) => name),
    ...results.map((r) => columns.map(([, cell]) => String(cell(r)))),
  ];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(rows[0]!),
    `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
