// The HTTP side of the TAXII client: one request with the TAXII headers, a time limit, a size limit
// read off the body stream, the media type and JSON checks, and retries with backoff. A peer is
// untrusted: it must not exhaust our memory, hold a sync forever, or put its whole body in our logs.

import { STATUS_CODES } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import {
  clip,
  TaxiiClientError,
  type TaxiiClientErrorCode,
  type TaxiiClientErrorInit,
  type TaxiiErrorResource,
} from './client-errors.js';
import { isTaxii21ContentType, TAXII_MEDIA_TYPE } from './media-types.js';

/** A bearer token (RFC 6750), or a user and password for HTTP Basic (RFC 7617). */
export type TaxiiAuth = { token: string } | { user: string; password: string };

export interface TaxiiHttpOptions {
  auth?: TaxiiAuth;
  /** The global fetch by default; tests pass their own. */
  fetch?: typeof fetch;
  /** Waits between attempts; tests pass one that records the durations and returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of the backoff. Math.random by default. */
  random?: () => number;
  /** Milliseconds since the epoch, to turn a Retry-After HTTP-date into a wait. Date.now by default. */
  clock?: () => number;
  /** Attempts per request, the first included: 5 by default. */
  maxAttempts?: number;
  /** Time for one attempt, headers and whole body: 60 s by default. */
  timeoutMs?: number;
  /** The largest response body read: 64 MiB by default. */
  maxResponseBytes?: number;
  /** The first backoff step of the exponential backoff: 500 ms by default. */
  baseBackoffMs?: number;
  /** No wait, backoff or Retry-After, is longer than this: 5 minutes by default. */
  maxBackoffMs?: number;
  userAgent?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface TaxiiRequest {
  method: HttpMethod;
  url: URL;
  /** A TAXII envelope, for POST. */
  body?: string;
  /** False when a successful answer carries nothing the client reads (Delete an Object, section 5.7). */
  expectBody?: boolean;
}

export interface TaxiiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when the request expected none. */
  body: unknown;
}

const DEFAULTS = {
  maxAttempts: 5,
  timeoutMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
  baseBackoffMs: 500,
  maxBackoffMs: 5 * 60_000,
};

/** 429 and the 5xx statuses that mean "not now" rather than "never" (501, 505 and the like never heal). */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

// An error body is read only to quote its TAXII error resource or its first words: of a peer's
// megabytes of error page, this much is read.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`TAXII client: ${name} must be a positive integer, not ${value}`);
  }
  return value;
}

function authorization(auth: TaxiiAuth): string {
  if ('token' in auth) return `Bearer ${auth.token}`;
  // RFC 7617: the user-id ends at the first colon, so one inside it would shift the password.
  if (auth.user.includes(':')) {
    throw new RangeError('TAXII client: a Basic auth user name may not contain ":"');
  }
  return `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`;
}

/**
 * Retry-After (RFC 9110 section 10.2.3) in milliseconds from now: delta-seconds or an HTTP-date, a
 * date in the past being no wait. Undefined when absent or unreadable, so that backoff applies.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Date.parse reads far more than HTTP-dates ("-5" is a year); every HTTP-date names its month.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function reason(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase === undefined ? `HTTP ${status}` : `HTTP ${status} ${phrase}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The TAXII error resource in an error body, its peer-supplied fields clipped; else undefined. */
function errorResource(text: string): TaxiiErrorResource | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(body) || typeof body.title !== 'string') return undefined;
  const field = (name: string, max?: number) =>
    typeof body[name] === 'string' ? clip(body[name], max) : undefined;
  return {
    title: clip(body.title, 100),
    description: field('description'),
    error_id: field('error_id', 100),
    error_code: field('error_code', 100),
    http_status: field('http_status', 10),
  };
}

function describeErrorBody(resource: TaxiiErrorResource | undefined, text: string | undefined): string {
  if (resource !== undefined) {
    const description = resource.description === undefined ? '' : `: ${resource.description}`;
    const code = resource.error_code === undefined ? '' : ` [${resource.error_code}]`;
    return `: "${resource.title}"${description}${code}`;
  }
  const excerpt = text === undefined ? '' : clip(text);
  return excerpt === '' ? '' : `: "${excerpt}"`;
}

function networkDetail(error: unknown): string {
  if (!(error instanceof Error)) return `network error: ${clip(String(error))}`;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return clip(`network error: ${error.message}${cause}`);
}

interface Read {
  bytes: Buffer;
  /** False when the body was longer than the limit. */
  complete: boolean;
}

/**
 * Reads a body up to `limit` bytes. Past the limit the stream is cancelled, which closes the
 * connection so that the rest is never downloaded, and the first `limit` bytes are returned.
 */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Read> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks, total), complete: true };
    if (total + value.byteLength > limit) {
      chunks.push(value.subarray(0, limit - total));
      await reader.cancel();
      return { bytes: Buffer.concat(chunks, limit), complete: false };
    }
    total += value.byteLength;
    chunks.push(value);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class TaxiiHttp {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly headers: Headers;

  constructor(options: TaxiiHttpOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? Date.now;
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, DEFAULTS.maxAttempts);
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, DEFAULTS.timeoutMs);
    this.maxResponseBytes = positiveInteger(
      'maxResponseBytes',
      options.maxResponseBytes,
      DEFAULTS.maxResponseBytes,
    );
    this.baseBackoffMs = positiveInteger('baseBackoffMs', options.baseBackoffMs, DEFAULTS.baseBackoffMs);
    this.maxBackoffMs = positiveInteger('maxBackoffMs', options.maxBackoffMs, DEFAULTS.maxBackoffMs);
    // Built once, so that a token or user agent that is no valid header value fails here, at
    // configuration, rather than as a network error on every request.
    this.headers = new Headers({
      accept: TAXII_MEDIA_TYPE,
      'user-agent': options.userAgent ?? 'dreamcatcher-taxii-client',
      ...(options.auth === undefined ? {} : { authorization: authorization(options.auth) }),
    });
  }

  /**
   * Sends a request, retrying what may heal: 429, 500, 502, 503, 504, network failures and timeouts.
   * Every method is retried, POST included: Add Objects is idempotent on a conforming server, since
   * STIX identifies an object version by its id and modified, so adding a version the collection
   * already holds adds nothing new. A repeat after a lost answer at worst has the peer record that
   * version once more, and leaves one status resource that nobody asks for.
   */
  async request(request: TaxiiRequest): Promise<TaxiiResponse> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request, attempt);
      } catch (error) {
        if (!(error instanceof TaxiiClientError) || !error.retryable || attempt >= this.maxAttempts) {
          throw error;
        }
        await this.sleep(this.backoff(attempt, error.retryAfterMs));
      }
    }
  }

  /** The peer's Retry-After when it gave one, else exponential backoff with full jitter; both capped. */
  private backoff(attempt: number, retryAfter: number | undefined): number {
    if (retryAfter !== undefined) return Math.min(retryAfter, this.maxBackoffMs);
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * ceiling);
  }

  private async attempt(request: TaxiiRequest, attempt: number): Promise<TaxiiResponse> {
    const { method, url } = request;
    const fail: Fail = (code, detail, more = {}) =>
      new TaxiiClientError({ code, method, url: url.href, detail, attempts: attempt, ...more });

    const headers = new Headers(this.headers);
    if (request.body !== undefined) headers.set('content-type', TAXII_MEDIA_TYPE);
    // The timeout covers the body too: a peer trickling bytes must not hold the sync forever.
    const signal = AbortSignal.timeout(this.timeoutMs);
    const transportError = (error: unknown) =>
      signal.aborted
        ? fail('timeout', `no complete answer within ${this.timeoutMs} ms`, { retryable: true, cause: error })
        : fail('network', networkDetail(error), { retryable: true, cause: error });

    let response: Response;
    try {
      response = await this.fetch(url, {
        method,
        headers,
        body: request.body,
        signal,
        // Following a 301 or 302 turns a POST into a GET, and a DELETE elsewhere is not what was
        // asked: only reads follow redirects (fetch drops Authorization when one leaves the origin).
        redirect: method === 'GET' ? 'follow' : 'manual',
      });
    } catch (error) {
      throw transportError(error);
    }
    const status = response.status;
    if (!response.ok) throw await this.statusError(response, fail);
    if (request.expectBody === false) {
      await response.body?.cancel();
      return { status, headers: response.headers, body: undefined };
    }

    const contentType = response.headers.get('content-type');
    if (!isTaxii21ContentType(contentType ?? undefined)) {
      await response.body?.cancel();
      const got = contentType === null ? 'has no Content-Type' : `is "${clip(contentType, 100)}"`;
      throw fail('media-type', `the answer ${got}, not TAXII 2.1 JSON (${TAXII_MEDIA_TYPE})`, { status });
    }
    let read: Read = { bytes: Buffer.alloc(0), complete: false };
    if (Number(response.headers.get('content-length')) > this.maxResponseBytes) {
      await response.body?.cancel();
    } else if (response.body === null) {
      read.complete = true;
    } else {
      try {
        read = await readLimited(response.body, this.maxResponseBytes);
      } catch (error) {
        throw transportError(error);
      }
    }
    if (!read.complete) {
      const limit = `maxResponseBytes (${this.maxResponseBytes} bytes)`;
      throw fail('too-large', `the answer is larger than ${limit}; it was not read further`, { status });
    }
    return { status, headers: response.headers, body: parseJson(read.bytes, status, fail) };
  }

  /** The error for a status outside 2xx, quoting the peer's TAXII error resource or its first words. */
  private async statusError(response: Response, fail: Fail): Promise<TaxiiClientError> {
    const status = response.status;
    let text: string | undefined;
    let resource: TaxiiErrorResource | undefined;
    try {
      if (response.body !== null) {
        const read = await readLimited(response.body, MAX_ERROR_BODY_BYTES);
        text = new TextDecoder().decode(read.bytes);
        if (read.complete) resource = errorResource(text);
      }
    } catch {
      // The status alone is the answer; a body that breaks off adds nothing to report.
    }
    const location = response.headers.get('location');
    const redirect = location === null ? '' : ` to ${clip(location)}`;
    return fail('http', `${reason(status)}${redirect}${describeErrorBody(resource, text)}`, {
      status,
      retryable: RETRYABLE_STATUSES.has(status),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), this.clock()),
      resource,
    });
  }
}

type Fail = (
  code: TaxiiClientErrorCode,
  detail: string,
  more?: Pick<TaxiiClientErrorInit, 'status' | 'retryable' | 'retryAfterMs' | 'resource' | 'cause'>,
) => TaxiiClientError;

function parseJson(bytes: Buffer, status: number, fail: Fail): unknown {
  if (bytes.length === 0) throw fail('bad-json', 'the body is empty, not JSON', { status });
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw fail('bad-json', 'the body is not UTF-8 text, so not JSON', { status });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail('bad-json', `the body is not JSON: ${clip((error as Error).message, 100)}`, { status });
  }
}
