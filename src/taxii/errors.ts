// TAXII error message resources (section 3.6.1) for every failure of the TAXII routes, so that a
// TAXII client always gets a body it can parse and never a stack trace. The handler is set inside
// the TAXII plugin, so fastify's encapsulation keeps it off the REST API's own error shape.

import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance } from 'fastify';
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

function statusAndCode(error: FastifyError | TaxiiError | StoreInputError): [number, string] {
  if (error instanceof TaxiiError) return [error.statusCode, error.code];
  // The store refuses a `next` it did not issue, or a timestamp it cannot read: the client's input.
  if (error instanceof StoreInputError) return [400, error.code];
  const status = error.statusCode ?? 500;
  return status < 500 ? [status, 'bad-request'] : [500, 'internal'];
}

export function registerTaxiiErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | TaxiiError | StoreInputError, request, reply) => {
    const [status, code] = statusAndCode(error);
    if (status >= 500) request.log.error({ err: error }, 'TAXII request failed');
    const description = status >= 500 ? 'the server failed to answer; see its log' : error.message;
    // Bytes, so that fastify sends the Content-Type exactly as section 3.1 writes it.
    reply
      .code(status)
      .header('content-type', TAXII_MEDIA_TYPE)
      .send(Buffer.from(errorResource(status, code, description, request.id), 'utf8'));
  });
}
