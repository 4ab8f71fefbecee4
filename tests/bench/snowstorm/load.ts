/**
 * An open-loop load generator: every request has a fixed send time on a schedule that ramps up
 * to the target rate, and latency counts from that scheduled time. A slow server therefore
 * shows up as latency, instead of quietly slowing the sender down (coordinated omission).
 */
export interface Shot {
  scheduledAt: number;
  latencyMs: number;
  status: number;
}

export function schedule(count: number, peakPerSecond: number, rampSeconds: number): number[] {
  const times: number[] = [];
  // Rate rises linearly to the peak over the ramp, then holds: t(n) solves the integral.
  const rampShots = (peakPerSecond * rampSeconds) / 2;
  for (let i = 0; i < count; i++) {
    times.push(
      i < rampShots
        ? Math.sqrt((2 * i * rampSeconds) / peakPerSecond) * 1000
        : (rampSeconds + (i - rampShots) / peakPerSecond) * 1000,
    );
  }
  return times;
}

export async function fireOpenLoop(
  offsetsMs: readonly number[],
  send: (index: number) => Promise<number>,
  onProgress?: (done: number) => void,
): Promise<Shot[]> {
  const start = performance.now() + 50;
  const shots: Shot[] = new Array(offsetsMs.length);
  let done = 0;
  await Promise.all(
    offsetsMs.map(
      (offset, index) =>
        new Promise<void>((resolve) => {
          const scheduledAt = start + offset;
          setTimeout(
            () => {
              send(index)
                .catch(() => 0)
                .then((status) => {
                  shots[index] = {
                    scheduledAt,
                    latencyMs: performance.now() - scheduledAt,
                    status,
                  };
                  done += 1;
                  if (done % 250 === 0) onProgress?.(done);
                  resolve();
                });
            },
            Math.max(0, scheduledAt - performance.now()),
          );
        }),
    ),
  );
  return shots;
}

/** A closed loop at fixed concurrency for `ms`: how much a component can take at most. */
export async function saturate(
  concurrency: number,
  ms: number,
  work: () => Promise<unknown>,
): Promise<{ perSecond: number; p50: number; p99: number }> {
  const deadline = performance.now() + ms;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await work();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { perSecond: (latencies.length * 1000) / ms, p50: at(0.5), p99: at(0.99) };
}
