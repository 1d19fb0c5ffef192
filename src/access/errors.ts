// Failures of access management a caller can act on: a bad name, a duplicate, something missing,
// or a principal without the right. The CLI prints the message; the HTTP layer maps the code.

export type AccessErrorCode = 'bad-name' | 'bad-role' | 'exists' | 'not-found' | 'forbidden' | 'bad-input';

export class AccessError extends Error {
  constructor(
    message: string,
    readonly code: AccessErrorCode,
  ) {
    super(message);
    this.name = 'AccessError';
  }
}

/**
 * A request refused for who sent it: 401 (no valid credentials), 403 (not allowed), 429 (too many
 * requests). Both HTTP error handlers (REST and TAXII) render it in their own shape.
 */
export class RequestDenied extends Error {
  constructor(
    readonly statusCode: 401 | 403 | 429,
    readonly code: 'unauthorized' | 'forbidden' | 'rate-limited',
    message: string,
    /** Response headers the refusal needs: WWW-Authenticate on 401, Retry-After on 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'RequestDenied';
  }
}
