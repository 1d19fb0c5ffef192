// The one authentication hook: before any route runs, it reads the request's credentials, sets
// request.principal, and applies the rate limit of the token (or, without valid credentials, of the
// client address, so that guessing tokens is slow too). Routes then ask access/policy.ts.

import type { FastifyInstance } from 'fastify';
import type { Directory } from '../access/directory.js';
import { RequestDenied } from '../access/errors.js';
import { AUTHENTICATE_CHALLENGE, credentialsOf } from '../access/http.js';
import { ANONYMOUS } from '../access/principal.js';
import type { RateLimiter } from '../access/rate-limit.js';

export interface AuthOptions {
  directory: Directory;
  rateLimiter?: RateLimiter;
}

const FAILURE_MESSAGES = {
  invalid: 'invalid credentials: the token is unknown or does not belong to this user',
  expired: 'the token has expired; ask an admin for a new one',
  revoked: 'the token has been revoked; ask an admin for a new one',
} as const;

function unauthorized(message: string): RequestDenied {
  return new RequestDenied(401, 'unauthorized', message, { 'WWW-Authenticate': AUTHENTICATE_CHALLENGE });
}

export function registerAuthentication(app: FastifyInstance, options: AuthOptions): void {
  const { directory, rateLimiter } = options;
  // Declared without a value (fastify 5 refuses a shared object as one); the hook always sets it.
  app.decorateRequest('principal');

  const limit = (key: string): void => {
    const decision = rateLimiter?.take(key);
    if (decision !== undefined && !decision.allowed) {
      throw new RequestDenied(
        429,
        'rate-limited',
        `too many requests; retry in ${decision.retryAfterSeconds} s`,
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    }
  };

  app.addHook('onRequest', async (request) => {
    const credentials = credentialsOf(request.headers.authorization);
    if (credentials.scheme === 'none') {
      limit(`address:${request.ip}`);
      request.principal = ANONYMOUS;
      return;
    }
    if (credentials.scheme === 'malformed') {
      limit(`address:${request.ip}`);
      throw unauthorized(credentials.reason);
    }
    const result = await directory.authenticate(
      credentials.token,
      credentials.scheme === 'basic' ? credentials.user : undefined,
    );
    if (typeof result === 'string') {
      limit(`address:${request.ip}`);
      throw unauthorized(FAILURE_MESSAGES[result]);
    }
    if (result.kind === 'user') limit(`token:${result.tokenId}`);
    request.principal = result;
  });
}
