import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ChangePasswordBody,
  ErrorBody,
  LogInBody,
  MeResponse,
  SignUpAccepted,
  SignUpBody,
} from '@sasaeai/contracts';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookies.ts';
import { accountKey } from '../../auth/account-key.ts';
import { countAttempt, countFailure } from '../../auth/attempt-limiter.ts';
import { AppError } from '../../errors/app-error.ts';
import { clientAddressOf } from '../../auth/client-address.ts';
import { createSession, invalidateSession } from '../../auth/sessions.ts';
import { currentUser } from '../../plugins/app/authorization.ts';
import { loadSessionUser, toMe } from '../../repositories/users-repository.ts';
import { changePassword } from '../../use-cases/change-password.ts';
import { logIn } from '../../use-cases/log-in.ts';
import { signUp } from '../../use-cases/sign-up.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
};

const signUpAccepted = {
  ja: '受け付けました。このメールアドレスと パスワードで ログインしてください。すでに 登録していた方は、これまでの パスワードで ログインできます。',
  en: 'Thank you. Log in with this email address and password. If you had already signed up, log in with the password you chose then.',
};

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const production = app.config.NODE_ENV === 'production';
  const ttl = app.config.SESSION_TTL_DAYS;
  const windowMs = app.config.LOGIN_RATE_LIMIT_WINDOW_MS;

  async function startSession(userId: string, reply: Parameters<typeof setSessionCookie>[0]) {
    const { token, session } = await createSession(app.db, userId, ttl);
    setSessionCookie(reply, production, token, session.expiresAt);
    const user = await loadSessionUser(app.db, userId);
    if (!user) throw new Error('user vanished after sign-in');
    return toMe(user);
  }

  app.post(
    '/signup',
    {
      config: {
        rateLimit: { max: app.config.SIGNUP_RATE_LIMIT_MAX, timeWindow: 60 * 60 * 1000 },
      },
      schema: {
        tags: ['auth'],
        summary: 'Create an account as a resident, a volunteer, or both; then log in',
        description:
          'Answers 202 alike whether the address was new or already registered (which changes ' +
          'nothing), and signs no one in, so the answer does not reveal who has an account.',
        body: SignUpBody,
        response: { 202: SignUpAccepted, ...errors },
      },
    },
    async (request, reply) => {
      await signUp(app.db, request.body);
      return reply.code(202).send({ status: 'accepted', message: signUpAccepted });
    },
  );

  // Three limits: per address and account (guessing one password), per address alone (trying
  // many accounts), and failures per account from every address (guessing one password from
  // many addresses). The last counts failures only, so its owner is not locked out by success.
  const loginMax = app.config.LOGIN_RATE_LIMIT_MAX;
  const accountFailuresKey = (email: string) => `login-failures:${accountKey(email)}`;
  app.post(
    '/login',
    {
      preHandler: async (request) => {
        const { email } = request.body as { email: string };
        const address = clientAddressOf(request);
        await countAttempt(
          app.redis,
          app.config.REDIS_PREFIX,
          [
            { key: `login:${address}:${accountKey(email)}`, max: loginMax },
            { key: `login:${address}`, max: loginMax * 5 },
            {
              key: accountFailuresKey(email),
              max: app.config.LOGIN_ACCOUNT_RATE_LIMIT_MAX,
              peek: true,
            },
          ],
          windowMs,
        );
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; sets the session cookie',
        body: LogInBody,
        response: { 200: MeResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      try {
        const { userId } = await logIn(app.db, email, password);
        return { user: await startSession(userId, reply) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_credentials') {
          await countFailure(
            app.redis,
            app.config.REDIS_PREFIX,
            accountFailuresKey(email),
            windowMs,
          );
        }
        throw error;
      }
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = request.auth.session;
      if (session) {
        await invalidateSession(app.db, session.id);
        await app.live.endSessions({ sessionId: session.id });
      }
      clearSessionCookie(reply, production);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/password',
    {
      preHandler: app.requireUser,
      schema: {
        tags: ['auth'],
        summary: 'Change the password; every other session is signed out',
        body: ChangePasswordBody,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const sessionId = request.auth.session!.id;
      await changePassword(app.db, { userId: user.id, sessionId, ...request.body });
      await app.live.endSessions({ userId: user.id, exceptSessionId: sessionId });
      return reply.code(204).send(null);
    },
  );
};

export default authRoutes;
