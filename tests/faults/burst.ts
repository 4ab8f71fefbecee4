export interface Shot {
  index: number;
  idempotencyKey: string;
  cookie: string;
  status: number | 'network-error';
  requestId?: string;
  message?: string;
}

export interface BurstOptions {
  apiUrl: string;
  label: string;
  requests: number;
  concurrency: number;
  cookies: readonly string[];
  /** Called after each answer with the number answered so far. */
  onAnswer?: (answered: number) => void;
}

/** Spread over five mornings and four two-hour slots, as snow clearing is asked for. */
export function windowFor(index: number) {
  const day = 1 + (index % 5);
  const hour = 7 + 2 * (Math.floor(index / 5) % 4);
  const date = new Date(Date.now() + (9 + 24 * day) * 3_600_000).toISOString().slice(0, 10);
  const hh = (h: number) => String(h).padStart(2, '0');
  return { kind: 'window', date, from: `${hh(hour)}:00`, to: `${hh(hour + 2)}:00` };
}

/** `code: English message` of an error answer, without its request id, so equal answers group. */
function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: string; message?: { en?: string } };
  return `${code ?? 'no code'}: ${message?.en ?? ''}`;
}

/** Posts one help request as a resident would, with an idempotency key for retries. */
export async function postHelpRequest(
  apiUrl: string,
  cookie: string,
  idempotencyKey: string,
  index: number,
): Promise<Omit<Shot, 'index' | 'idempotencyKey' | 'cookie'>> {
  try {
    const response = await fetch(`${apiUrl}/api/help-requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: apiUrl,
        cookie,
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({
        category: 'snow',
        when: windowFor(index),
        where: { kind: 'profile' },
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const json = (await response.json().catch(() => ({}))) as {
      request?: { id: string };
      error?: unknown;
    };
    return {
      status: response.status,
      ...(json.request ? { requestId: json.request.id } : {}),
      ...(response.status >= 400 ? { message: describeError(json.error) } : {}),
    };
  } catch (error) {
    return { status: 'network-error', message: (error as Error).message };
  }
}

/** A closed-loop burst: `concurrency` clients, each sending the next request when answered. */
export async function burst(options: BurstOptions): Promise<Shot[]> {
  const shots: Shot[] = [];
  let next = 0;
  const client = async () => {
    while (next < options.requests) {
      const index = next++;
      const cookie = options.cookies[index % options.cookies.length]!;
      const idempotencyKey = `faults-${options.label}-${index}`;
      const answer = await postHelpRequest(options.apiUrl, cookie, idempotencyKey, index);
      shots.push({ index, idempotencyKey, cookie, ...answer });
      options.onAnswer?.(shots.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  return shots.sort((a, b) => a.index - b.index);
}
