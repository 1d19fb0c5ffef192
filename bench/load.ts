// What the HTTP benchmarks share: autocannon (CommonJS, untyped), typed as far as they use it, and
// a check for processes of earlier runs whose leftover files may go.

import { createRequire } from 'node:module';

export interface LoadRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (request: LoadRequest) => LoadRequest;
  onResponse?: (status: number, body: string) => void;
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  /** Seconds before a request counts as timed out (autocannon's default is 10). */
  timeout?: number;
  requests: LoadRequest[];
}

export interface LoadResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; max: number };
  throughput: { total: number };
}

export const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: LoadOptions,
) => Promise<LoadResult>;

/** Whether a process of that id still runs: its files are still in use. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
