// TAXII error message resources (section 3.6.1) for every failure of the TAXII routes, so that a
// TAXII client always gets a body it can parse and never a stack trace. The handler is set inside
// the TAXII plugin, so fastify's encapsulation keeps it off the REST API's own error shape.

import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { RequestDenied } from '../access/errors.js';
import { StoreInputError } from '../store/store.js';
import { TAXII_MEDIA_TYPE } from './media-types.js';

/** A failure to report to the TAXII client with an HTTP status and an application error code. */
export class TaxiiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TaxiiError';
  }
}

/** The error message resource; http_status is a string and matches the status line (section 3.6.1). */
function errorResource(status: number, code: string, description: string, errorId: string): string {
  return JSON.stringify({
    title: STATUS_CODES[status] ?? 'Error',
    description,
    error_id: errorId,
    error_code: code,
    http_status: String(status),
  });
}

type RouteError = FastifyError | TaxiiError | StoreInputError | RequestDenied;

function statusAndCode(error: RouteError): [number, string] {
  if (error instanceof TaxiiError || error instanceof RequestDenied) return [error.statusCode, error.code];
  // The store refuses a `next` it did not issue, or a timestamp it cannot read: the client's input.
  if (error instanceof StoreInputError) return [400, error.code];
  const status = error.statusCode ?? 500;
  if (status === 413) return [413, 'body-too-large'];
  return status < 500 ? [status, 'bad-request'] : [500, 'internal'];
}

/** What the description says: a body past the limit names it, as the API root advertises it (section 4.2.1). */
function descriptionOf(error: RouteError, status: number, bodyLimit: number): string {
  if (status >= 500) return 'the server failed to answer; see its log';
  if (status === 413 && !(error instanceof TaxiiError))
    return `the request body is larger than this API root's max_content_length, ${bodyLimit} bytes`;
  return error.message;
}

/** Longest description sent: routes clip what they echo, and this bounds whatever they miss. */
const MAX_DESCRIPTION = 1000;

/**
 * Answers with a TAXII error message resource. The TAXII routes answer through the handler below;
 * the server uses this directly for failures on TAXII paths that no TAXII route saw.
 */
export function sendTaxiiError(reply: FastifyReply, status: number, code: string, description: string): void {
  const clipped =
    description.length <= MAX_DESCRIPTION ? description : `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
  // Bytes, so that fastify sends the Content-Type exactly as section 3.1 writes it.
  reply
    .code(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(errorResource(status, code, clipped, reply.request.id), 'utf8'));
}

export function registerTaxiiErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: RouteError, request, reply) => {
    const [status, code] = statusAndCode(error);
    if (error instanceof RequestDenied) reply.headers(error.headers);
    if (status >= 500) request.log.error({ err: error }, 'TAXII request failed');
    sendTaxiiError(reply, status, code, descriptionOf(error, status, request.routeOptions.bodyLimit));
  });
}
