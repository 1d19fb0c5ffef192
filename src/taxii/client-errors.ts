// The one error the TAXII client throws for anything a peer did or failed to do: HTTP failures,
// network failures, timeouts, oversized or malformed responses, broken paging. Callers (the sync
// service) decide from `retryable` whether a later run may succeed, and log `message` as it is.

/**
 * What went wrong. `http`: the peer answered with a status that is not 2xx. `network`: no answer
 * (connection refused or reset, socket closed mid-body). `timeout`: no complete answer within
 * timeoutMs. `too-large`: the body passed maxResponseBytes. `media-type`, `bad-json`,
 * `bad-resource`: the body is not TAXII 2.1 JSON, not JSON, or not the resource the endpoint
 * returns. `paging`: the peer's paging would never end.
 */
export type TaxiiClientErrorCode =
  | 'http'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'media-type'
  | 'bad-json'
  | 'bad-resource'
  | 'paging';

/** The fields of a TAXII error message resource (section 3.6.1) the client reports. */
export interface TaxiiErrorResource {
  title: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status?: string;
}

export interface TaxiiClientErrorInit {
  code: TaxiiClientErrorCode;
  method: string;
  url: string;
  /** What happened, for a person; peer-supplied text in it must already be clipped. */
  detail: string;
  status?: number;
  retryable?: boolean;
  /** The attempt that failed; more than one means the request was retried. */
  attempts?: number;
  retryAfterMs?: number;
  resource?: TaxiiErrorResource;
  cause?: unknown;
}

// Peer text quoted in a message is cut to this many characters: enough to recognise an error
// page or a TAXII description, never a whole body in a log line.
const MAX_QUOTED = 200;

/** Peer-supplied text made safe to quote: control characters and runs of white space collapsed, capped. */
export function clip(text: string, max = MAX_QUOTED): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const flat = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export class TaxiiClientError extends Error {
  readonly code: TaxiiClientErrorCode;
  /** The HTTP status of the answer, undefined when there was none (network failure, timeout). */
  readonly status: number | undefined;
  readonly url: string;
  /** Whether the failure is transient: retried up to maxAttempts, and worth a later try after that. */
  readonly retryable: boolean;
  readonly attempts: number;
  /** How long the peer asked us to wait (Retry-After), in milliseconds, before the cap. */
  readonly retryAfterMs: number | undefined;
  /** From the peer's TAXII error message resource, when the body was one. */
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorId: string | undefined;

  constructor(init: TaxiiClientErrorInit) {
    const attempts = init.attempts ?? 1;
    const retryable = init.retryable ?? false;
    const gaveUp = retryable && attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
    super(`${init.method} ${init.url}: ${init.detail}${gaveUp}`, { cause: init.cause });
    this.name = 'TaxiiClientError';
    this.code = init.code;
    this.status = init.status;
    this.url = init.url;
    this.retryable = retryable;
    this.attempts = attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.title = init.resource?.title;
    this.description = init.resource?.description;
    this.errorCode = init.resource?.error_code;
    this.errorId = init.resource?.error_id;
  }
}
