// One error shape for the whole HTTP surface: {"error":{"code","message"}}. Fastify's own failures
// (schema validation, bad JSON, unknown routes) are mapped into it so no stack trace ever leaves.

import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { StoreInputError } from '../store/store.js';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

/**
 * Failures fastify meets before any route runs (a URL that does not decode, a malformed header):
 * answered in the same shape, since no plugin's error handler sees them.
 */
export function answerFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  reply
    .code(error.statusCode ?? 400)
    .type('application/json')
    .send(errorBody(error.code === 'FST_ERR_BAD_URL' ? 'bad-url' : 'bad-request', error.message));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .type('application/json')
      .send(errorBody('not-found', `no route for ${request.method} ${request.url.split('?')[0]}`));
  });

  app.setErrorHandler((error: FastifyError | HttpError | StoreInputError, request, reply) => {
    if (error instanceof HttpError) {
      reply.code(error.statusCode).type('application/json').send(errorBody(error.code, error.message));
      return;
    }
    if (error instanceof StoreInputError) {
      // A malformed cursor or timestamp the store refused: the caller's input, not a server fault.
      reply.code(400).type('application/json').send(errorBody(error.code, error.message));
      return;
    }
    if (error.validation) {
      // e.g. "querystring/limit must be <= 1000"
      reply.code(400).type('application/json').send(errorBody('bad-request', error.message));
      return;
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      reply
        .code(status)
        .type('application/json')
        .send(errorBody(error.code ?? 'bad-request', error.message));
      return;
    }
    request.log.error({ err: error }, 'request failed');
    reply
      .code(500)
      .type('application/json')
      .send(errorBody('internal', 'the server failed to answer; see its log'));
  });
}
