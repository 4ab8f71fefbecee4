/**
 * Admission control: at most `maxInFlight` API requests are worked on at once; the rest wait in
 * arrival order for at most `maxWaitMs`, and are refused (the caller answers 503 with
 * Retry-After) when that wait runs out or when `maxQueue` are already waiting. Refusing early
 * keeps the latency of what is admitted bounded instead of letting every queue grow.
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

export class AdmissionRefused extends Error {
  constructor(readonly reason: 'queue_full' | 'wait_expired') {
    super(`admission refused: ${reason}`);
  }
}

interface Waiter {
  kind: AdmissionClass;
  grant: (release: Release) => void;
  timer: NodeJS.Timeout;
}

export class AdmissionGate {
  private inFlight = 0;
  private otherInFlight = 0;
  private readonly waiting: Waiter[] = [];
  refused = 0;

  constructor(private readonly limits: AdmissionLimits) {}

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once admitted; rejects with AdmissionRefused. */
  acquire(kind: AdmissionClass): Promise<Release> {
    if (this.waiting.length === 0 && this.canAdmit(kind)) {
      return Promise.resolve(this.admit(kind));
    }
    if (this.waiting.length >= this.limits.maxQueue) {
      this.refused += 1;
      return Promise.reject(new AdmissionRefused('queue_full'));
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        grant: resolve,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          this.refused += 1;
          reject(new AdmissionRefused('wait_expired'));
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private canAdmit(kind: AdmissionClass): boolean {
    if (this.inFlight >= this.limits.maxInFlight) return false;
    if (kind === 'intake') return true;
    return this.otherInFlight < this.limits.maxInFlight - this.limits.intakeReserved;
  }

  private admit(kind: AdmissionClass): Release {
    this.inFlight += 1;
    if (kind === 'other') this.otherInFlight += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
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
