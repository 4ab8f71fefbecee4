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
