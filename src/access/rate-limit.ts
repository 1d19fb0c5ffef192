// Per-token (and, for requests without valid credentials, per-address) request rate limits: a token
// bucket per key, refilled continuously. Kept in the process's memory: behind a load balancer each
// node limits on its own, which bounds a client at nodes x rate, still a bound.

export interface RateLimitOptions {
  /** Requests per second allowed on average. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
  clock?: () => number;
  /** Buckets kept at most; the idlest go first when full (each holds only a few numbers). */
  maxKeys?: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.perSecond > 0) || !(options.burst >= 1)) {
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    }
    this.clock = options.clock ?? Date.now;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  take(key: string): RateDecision {
    const now = this.clock();
    const { perSecond, burst } = this.options;
    const bucket = this.buckets.get(key);
    let tokens = burst;
    if (bucket !== undefined) {
      tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
      // Re-inserting keeps the Map in least-recently-used order for eviction.
      this.buckets.delete(key);
    } else if (this.buckets.size >= this.maxKeys) {
      const idlest = this.buckets.keys().next().value;
      if (idlest !== undefined) this.buckets.delete(idlest);
    }
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
  }
}
