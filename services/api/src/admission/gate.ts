/**
 * Admission control: at most `maxInFlight` API requests are worked on at once; the rest wait in
 * arrival order, and are refused (the caller answers 503 with Retry-After) rather than let any
 * queue grow. `maxWaitMs` is a budget counted from the request's arrival, not from the gate: a
 * request that already spent it before the gate (in the accept queue, the event loop) is refused
 * at once, and so is one that would not get a slot within what is left of it, judged by how long
 * slots have lately been held. Beyond `maxQueue` waiting, all are refused at once.
 *
 * Intake (a resident's request, a volunteer's answer) is favoured: `intakeReserved` of the slots
 * are kept for it, so other work (lists, coordinator screens, reports) can hold at most
 * `maxInFlight - intakeReserved` of them, and a freed slot goes to the first waiting intake
 * before any other waiter.
 *
 * Written here rather than taken from a library: the two classes with a reserve, the per-waiter
 * deadline and the gauges together are a few dozen lines, and the semaphore packages on npm
 * offer one of these at a time (see ARCHITECTURE.md, "Overload: admission control").
 */
export type AdmissionClass = 'intake' | 'other';

export interface AdmissionLimits {
  maxInFlight: number;
  intakeReserved: number;
  maxWaitMs: number;
  maxQueue: number;
}

export type Release = () => void;

export type RefusalReason = 'queue_full' | 'wait_expired' | 'too_old' | 'would_wait_too_long';

export class AdmissionRefused extends Error {
  constructor(readonly reason: RefusalReason) {
    super(`admission refused: ${reason}`);
  }
}

interface Waiter {
  kind: AdmissionClass;
  grant: (release: Release) => void;
  timer: NodeJS.Timeout;
}

/** Weight of the newest hold time in the moving average (about the last ten requests). */
const HOLD_SMOOTHING = 0.1;

export class AdmissionGate {
  private inFlight = 0;
  private otherInFlight = 0;
  private readonly waiting: Waiter[] = [];
  /** Moving average of how long an admitted request holds its slot, in ms (0 = none seen yet). */
  private holdMs = 0;
  refused = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** What a newcomer would wait for a slot if it queued now, from recent hold times. */
  get expectedWaitMs(): number {
    return (this.holdMs * (this.waiting.length + 1)) / this.limits.maxInFlight;
  }

  /**
   * Resolves with a release function once admitted; rejects with AdmissionRefused.
   * `arrivedAt` (on the gate's clock) is when the request reached the process; default now.
   */
  acquire(kind: AdmissionClass, arrivedAt = this.now()): Promise<Release> {
    const budgetLeft = this.limits.maxWaitMs - (this.now() - arrivedAt);
    if (budgetLeft <= 0) return this.refuse('too_old');
    if (this.waiting.length === 0 && this.canAdmit(kind)) {
      return Promise.resolve(this.admit(kind));
    }
    if (this.waiting.length >= this.limits.maxQueue) return this.refuse('queue_full');
    if (this.expectedWaitMs > budgetLeft) return this.refuse('would_wait_too_long');
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        grant: resolve,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          this.refused += 1;
          reject(new AdmissionRefused('wait_expired'));
        }, budgetLeft),
      };
      this.waiting.push(waiter);
    });
  }

  private refuse(reason: RefusalReason): Promise<never> {
    this.refused += 1;
    return Promise.reject(new AdmissionRefused(reason));
  }

  private canAdmit(kind: AdmissionClass): boolean {
    if (this.inFlight >= this.limits.maxInFlight) return false;
    if (kind === 'intake') return true;
    return this.otherInFlight < this.limits.maxInFlight - this.limits.intakeReserved;
  }

  private admit(kind: AdmissionClass): Release {
    this.inFlight += 1;
    if (kind === 'other') this.otherInFlight += 1;
    const admittedAt = this.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const held = this.now() - admittedAt;
      this.holdMs = this.holdMs === 0 ? held : this.holdMs + HOLD_SMOOTHING * (held - this.holdMs);
      this.inFlight -= 1;
      if (kind === 'other') this.otherInFlight -= 1;
      this.wakeWaiters();
    };
  }

  /** Hands freed slots to waiters: intake first (in arrival order), then the others. */
  private wakeWaiters(): void {
    for (;;) {
      const index = this.nextAdmissibleWaiter();
      if (index < 0) return;
      const [waiter] = this.waiting.splice(index, 1);
      if (!waiter) return;
      clearTimeout(waiter.timer);
      waiter.grant(this.admit(waiter.kind));
    }
  }

  private nextAdmissibleWaiter(): number {
    const intake = this.waiting.findIndex((waiter) => waiter.kind === 'intake');
    if (intake >= 0 && this.canAdmit('intake')) return intake;
    const other = this.waiting.findIndex((waiter) => waiter.kind === 'other');
    if (other >= 0 && this.canAdmit('other')) return other;
    return -1;
  }
}
