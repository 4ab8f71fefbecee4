import type { FastifyReply } from 'fastify';

/** `__Host-` binds the cookie to this exact origin over HTTPS; plain HTTP in development. */
export function sessionCookieName(production: boolean): string {
  return production ? '__Host-sasaeai_session' : 'sasaeai_session';
}

export function setSessionCookie(
  reply: FastifyReply,
  production: boolean,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(sessionCookieName(production), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: production,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, production: boolean): void {
  reply.clearCookie(sessionCookieName(production), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: production,
  });
}
