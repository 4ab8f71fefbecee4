import type { AdmissionClass } from './gate.ts';

/** Routes that are never queued: probes, metrics and the live socket must answer under load. */
export function isExempt(method: string, path: string): boolean {
  if (!path.startsWith('/api/')) return true; // pages: their own API calls are gated
  if (path === '/api/healthz' || path === '/api/readyz') return true;
  if (path === '/api/ws' || path.startsWith('/api/docs')) return true;
  return method === 'OPTIONS';
}

/**
 * Intake is what a person in need or a volunteer answering is doing right now: asking for help,
 * accepting or declining (in the app, by a one-tap link or by an SMS / LINE reply) — and `GET /api/me`, which every page render needs.
 */
export function classify(method: string, path: string): AdmissionClass {
  if (method === 'POST' && path === '/api/help-requests') return 'intake';
  if (method === 'POST' && path.startsWith('/api/matches/')) return 'intake';
  if (path.startsWith('/api/actions/')) return 'intake';
  if (method === 'POST' && path.startsWith('/api/webhooks/')) return 'intake'; // replies 1 / 2
  if (method === 'GET' && path === '/api/me') return 'intake';
  return 'other';
}
