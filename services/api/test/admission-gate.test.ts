import { describe, expect, it } from 'vitest';
import { AdmissionGate, AdmissionRefused } from '../src/admission/gate.ts';
import { classify, isExempt } from '../src/admission/classify.ts';

const limits = { maxInFlight: 3, intakeReserved: 1, maxWaitMs: 50, maxQueue: 2 };

describe('admission gate', () => {
  it('admits up to the limit at once, others only up to the unreserved share', async () => {
    const gate = new AdmissionGate(limits);
    await gate.acquire('other');
    await gate.acquire('other');
    expect(gate.active).toBe(2);
    // The third slot is kept for intake: other work waits, then is refused.
    await expect(gate.acquire('other')).rejects.toEqual(new AdmissionRefused('wait_expired'));
    await gate.acquire('intake');
    expect(gate.active).toBe(3);
    expect(gate.refused).toBe(1);
  });

  it('hands a freed slot to a waiting intake before earlier other work', async () => {
    const gate = new AdmissionGate({ ...limits, maxWaitMs: 5_000 });
    const releases = [await gate.acquire('other'), await gate.acquire('other')];
    const holdIntake = await gate.acquire('intake');
    const order: string[] = [];
    const other = gate.acquire('other').then((release) => (order.push('other'), release));
    const intake = gate.acquire('intake').then((release) => (order.push('intake'), release));
    expect(gate.queued).toBe(2);
    holdIntake();
    (await intake)();
    releases[0]?.();
    (await other)();
    expect(order).toEqual(['intake', 'other']);
    expect(gate.active).toBe(1);
  });

  it('refuses at once when the queue is full, and a release is counted once', async () => {
    const gate = new AdmissionGate({ ...limits, maxWaitMs: 5_000 });
    const release = await gate.acquire('intake');
    await gate.acquire('intake');
    await gate.acquire('intake');
    const waiting = [gate.acquire('intake'), gate.acquire('intake')];
    await expect(gate.acquire('intake')).rejects.toEqual(new AdmissionRefused('queue_full'));
    release();
    release();
    expect(gate.active).toBe(3);
    expect(gate.queued).toBe(1);
    await waiting[0];
  });
});

describe('admission budget counted from arrival', () => {
  it('refuses a request that arrives older than the budget, even with a slot free', async () => {
    const gate = new AdmissionGate(limits);
    await expect(gate.acquire('intake', performance.now() - 60)).rejects.toEqual(
      new AdmissionRefused('too_old'),
    );
    expect(gate.active).toBe(0);
    await gate.acquire('intake', performance.now() - 10);
    expect(gate.active).toBe(1);
  });

  it('lets a waiter wait only what is left of its budget', async () => {
    const gate = new AdmissionGate({ ...limits, maxWaitMs: 60_000 });
    await Promise.all([gate.acquire('intake'), gate.acquire('intake'), gate.acquire('intake')]);
    const started = performance.now();
    // Arrived 59.95 s ago: refused after about 50 ms, not after another minute.
    await expect(gate.acquire('intake', started - 59_950)).rejects.toEqual(
      new AdmissionRefused('wait_expired'),
    );
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('refuses at once a request that could not get a slot within its budget', async () => {
    let clock = 0;
    const gate = new AdmissionGate({ ...limits, maxWaitMs: 100, maxQueue: 10 }, () => clock);
    const first = await gate.acquire('intake');
    await gate.acquire('intake');
    await gate.acquire('intake');
    clock = 600;
    first(); // slots are held 600 ms: with 3 of them, one frees every 200 ms or so
    await gate.acquire('intake');
    expect(gate.expectedWaitMs).toBe(200);
    await expect(gate.acquire('intake')).rejects.toEqual(
      new AdmissionRefused('would_wait_too_long'),
    );
    expect(gate.queued).toBe(0);

    // With a budget that covers the expected wait, the same request queues instead.
    const patient = new AdmissionGate({ ...limits, maxWaitMs: 1_000, maxQueue: 10 }, () => clock);
    const release = await patient.acquire('intake');
    await patient.acquire('intake');
    await patient.acquire('intake');
    clock = 1_200;
    release();
    await patient.acquire('intake');
    const waiting = patient.acquire('intake');
    expect(patient.queued).toBe(1);
    await expect(waiting).rejects.toEqual(new AdmissionRefused('wait_expired'));
  });
});

describe('admission classes', () => {
  it('favours what residents and volunteers are doing now', () => {
    expect(classify('POST', '/api/help-requests')).toBe('intake');
    expect(classify('POST', '/api/matches/4f1c/accept')).toBe('intake');
    expect(classify('GET', '/api/actions/abc')).toBe('intake');
    expect(classify('GET', '/api/me')).toBe('intake');
    expect(classify('POST', '/api/webhooks/sms')).toBe('intake');
    expect(classify('GET', '/api/help-requests')).toBe('other');
    expect(classify('GET', '/api/council/indicators')).toBe('other');
  });

  it('never queues probes, metrics, the socket or pages', () => {
    expect(isExempt('GET', '/api/healthz')).toBe(true);
    expect(isExempt('GET', '/api/readyz')).toBe(true);
    expect(isExempt('GET', '/metrics')).toBe(true);
    expect(isExempt('GET', '/ws')).toBe(true);
    expect(isExempt('GET', '/requests/new')).toBe(true);
    expect(isExempt('GET', '/api/districts')).toBe(false);
  });
});
