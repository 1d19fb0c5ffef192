// One error shape for the server's own routes (/api/..., /healthz): {"error":{"code","message"}}.
// Fastify's own failures (schema validation, bad JSON, unknown routes, URLs that do not decode) are
// mapped into it so no stack trace ever leaves; on the TAXII paths (every other path) they are
// answered as TAXII error resources instead, as the TAXII routes answer theirs.

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RequestDenied } from '../access/errors.js';
import { StoreInputError } from '../store/store.js';
import { sendTaxiiError } from '../taxii/errors.js';

/** First path segments of the server's own routes; every other path is TAXII's (discovery, API roots). */
const SERVER_PATH = /^\/(?:api|healthz)(?:\/|$)/;
/** Longest message sent: what a message echoes of the request is clipped to fit. */
const MAX_MESSAGE = 1000;
/** Longest part of a URL a message echoes. */
const MAX_ECHO = 200;
/** Names for the client errors fastify raises itself, whose FST_ERR_ codes are its internals. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<number, string>> = {
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
};

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

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

/** Whether the request's path is TAXII's, judged on the path as the router decodes it. */
function isTaxiiPath(request: FastifyRequest): boolean {
  const path = pathOf(request);
  let decoded = path;
  try {
    decoded = decodeURI(path);
  } catch {
    // A path that does not decode is judged as it was sent.
  }
  return !SERVER_PATH.test(decoded);
}

/** Answers in the error shape of the surface the path belongs to. */
function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): void {
  if (isTaxiiPath(request)) {
    sendTaxiiError(reply, status, code, message);
    return;
  }
  reply
    .code(status)
    .type('application/json')
    .send(errorBody(code, clip(message, MAX_MESSAGE)));
}

/**
 * Failures fastify meets before any route runs (a URL that does not decode, a path segment past
 * maxParamLength): answered here, since no plugin's error handler sees them. Fastify's messages
 * repeat the whole URL, so these say what is wrong in a bounded one.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const path = clip(pathOf(request), MAX_ECHO);
  if (error.code === 'FST_ERR_BAD_URL') {
    answer(request, reply, 400, 'bad-url', `the path '${path}' is not valid percent-encoded UTF-8`);
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    answer(request, reply, 414, 'uri-too-long', `a segment of the path '${path}' is too long`);
  } else {
    // FST_ERR_ASYNC_CONSTRAINT, the one other kind, needs a route with an async constraint: a fault.
    request.log.error({ err: error }, 'request failed before routing');
    answer(request, reply, 500, 'internal', 'the server failed to answer; see its log');
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    answer(
      request,
      reply,
      404,
      'not-found',
      `no route for ${request.method} ${clip(pathOf(request), MAX_ECHO)}`,
    );
  });

  app.setErrorHandler((error: FastifyError | HttpError | StoreInputError | RequestDenied, request, reply) => {
    if (error instanceof RequestDenied) {
      reply.headers(error.headers);
      answer(request, reply, error.statusCode, error.code, error.message);
      return;
    }
    if (error instanceof HttpError) {
      answer(request, reply, error.statusCode, error.code, error.message);
      return;
    }
    if (error instanceof StoreInputError) {
      // A malformed cursor or timestamp the store refused: the caller's input, not a server fault.
      answer(request, reply, 400, error.code, error.message);
      return;
    }
    if (error.validation) {
      // e.g. "querystring/limit must be <= 1000"
      answer(request, reply, 400, 'bad-request', error.message);
      return;
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      answer(request, reply, status, FASTIFY_CLIENT_ERRORS[status] ?? 'bad-request', error.message);
      return;
    }
    request.log.error({ err: error }, 'request failed');
    answer(request, reply, 500, 'internal', 'the server failed to answer; see its log');
  });
}
