// How a principal travels with an HTTP request: the Authorization header it is read from, and the
// `principal` every route handler finds on its fastify request (set by the server's auth hook).

import type { Principal } from './principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request; ANONYMOUS without credentials. Set before any route runs. */
    principal: Principal;
  }
}

/** The challenge a 401 carries (RFC 9110 section 11.6.1): both schemes this server accepts. */
export const AUTHENTICATE_CHALLENGE =
  'Bearer realm="dreamcatcher", Basic realm="dreamcatcher", charset="UTF-8"';

export type Credentials =
  | { scheme: 'none' }
  | { scheme: 'bearer'; token: string }
  | { scheme: 'basic'; user: string; token: string }
  | { scheme: 'malformed'; reason: string };

const MAX_HEADER = 1024;

/**
 * Reads an Authorization header: Bearer TOKEN, or Basic base64(user:token) as RFC 7617 writes it,
 * or Token TOKEN, which the OASIS reference client taxii2-client sends for its token auth.
 */
export function credentialsOf(header: string | undefined): Credentials {
  if (header === undefined || header === '') return { scheme: 'none' };
  if (header.length > MAX_HEADER)
    return { scheme: 'malformed', reason: 'the Authorization header is too long' };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' || scheme === 'token') {
    return value === ''
      ? { scheme: 'malformed', reason: 'Bearer needs a token' }
      : { scheme: 'bearer', token: value };
  }
  if (scheme === 'basic') {
    if (!/^[A-Za-z0-9+/]+=*$/.test(value)) {
      return { scheme: 'malformed', reason: 'Basic credentials must be base64 of user:token' };
    }
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return { scheme: 'malformed', reason: 'Basic credentials must be base64 of user:token' };
    return { scheme: 'basic', user: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
  }
  return { scheme: 'malformed', reason: 'the Authorization scheme must be Bearer, Token or Basic' };
}
