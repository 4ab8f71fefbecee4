import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How often the delay is sampled (ms); also what an idle loop reads as, so it is subtracted. */
const RESOLUTION_MS = 10;
/** Length of a measuring window: the figure is the worse of the last full one and the current. */
const WINDOW_MS = 500;

/**
 * How late the event loop runs, as the mean delay of its timers over the last half second or so
 * (node:perf_hooks). When the process is short of CPU, every request waits about this long
 * before any hook sees it, so it is the early sign of overload that the gate cannot count.
 * The mean, not the maximum: one garbage collection pause should not refuse anyone.
 */
export function watchEventLoopDelay(): { delayMs: () => number; stop: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let lastWindowMs = 0;
  const windowMean = () =>
    histogram.count > 0 ? Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS) : 0;
  const timer = setInterval(() => {
    lastWindowMs = windowMean();
    histogram.reset();
  }, WINDOW_MS);
  timer.unref();
  return {
    delayMs: () => Math.max(lastWindowMs, windowMean()),
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
