// Where alerts go: standard output as JSON lines, a webhook (a JSON POST, retried with backoff), and
// syslog (RFC 5424 over UDP or TCP). An output that fails is reported and retried, never allowed
// to stop detection.

import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import type { Alert } from '../detect/alert.js';
import { describeAlert } from '../detect/alert.js';

export interface AlertOutput {
  readonly name: string;
  send(alert: Alert): Promise<void>;
  close(): Promise<void>;
}

export function stdoutOutput(stream: NodeJS.WritableStream, json: boolean): AlertOutput {
  return {
    name: 'stdout',
    async send(alert) {
      stream.write(`${json ? JSON.stringify(alert) : describeAlert(alert)}\n`);
    },
    async close() {},
  };
}

export interface WebhookOptions {
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** POSTs each alert as JSON; retries on network errors, 429 and 5xx with exponential backoff. */
export function webhookOutput(url: string, options: WebhookOptions = {}): AlertOutput {
  const attempts = options.attempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 500;
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    name: `webhook ${new URL(url).host}`,
    async send(alert) {
      let last = '';
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        try {
          const response = await send(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'user-agent': 'dreamcatcher-alerts' },
            body: JSON.stringify(alert),
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
          await response.body?.cancel();
          if (response.ok) return;
          last = `HTTP ${response.status}`;
          if (response.status !== 429 && response.status < 500) break;
        } catch (error) {
          last = (error as Error).message;
        }
        if (attempt < attempts) await sleep(baseDelay * 2 ** (attempt - 1));
      }
      throw new Error(`webhook ${url}: ${last}`);
    },
    async close() {},
  };
}

/** RFC 5424 severities: a sighting is a warning (4) under facility local0 (16) unless told. */
const FACILITY_LOCAL0 = 16;
const SEVERITY_WARNING = 4;
const MAX_UDP_MESSAGE = 8192;

/** One RFC 5424 message: <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG, with the alert as JSON. */
export function syslogMessage(alert: Alert, host = hostname()): string {
  const pri = FACILITY_LOCAL0 * 8 + SEVERITY_WARNING;
  const quoteParam = (value: string) => value.replace(/[\\"\]]/g, (c) => `\\${c}`);
  const sd =
    `[dreamcatcher@32473 indicator="${quoteParam(alert.indicator.id)}" host="${quoteParam(alert.host)}"` +
    `${alert.sighting === undefined ? '' : ` sighting="${quoteParam(alert.sighting.id)}"`}]`;
  return `<${pri}>1 ${new Date().toISOString()} ${host.replace(/\s/g, '-') || '-'} dreamcatcher ${process.pid} sighting ${sd} ${describeAlert(alert)} ${JSON.stringify(alert)}`;
}

/** syslog over udp://host:port (one datagram per alert) or tcp://host:port (octet-counted framing, RFC 6587). */
export function syslogOutput(target: string): AlertOutput {
  const url = new URL(target);
  const port = Number(url.port || 514);
  const host = url.hostname;
  if (url.protocol === 'udp:') {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    return {
      name: `syslog ${target}`,
      send: (alert) =>
        new Promise<void>((resolve, reject) => {
          const message = Buffer.from(syslogMessage(alert)).subarray(0, MAX_UDP_MESSAGE);
          socket.send(message, port, host, (error) => (error ? reject(error) : resolve()));
        }),
      close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
    };
  }
  if (url.protocol === 'tcp:') {
    const socket = connect({ host, port });
    // Kept, not thrown: a syslog server that goes away must fail sends, not the process.
    let failure: Error | undefined;
    socket.on('error', (error) => {
      failure = error;
    });
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    ready.catch(() => undefined);
    return {
      name: `syslog ${target}`,
      async send(alert) {
        await ready;
        if (failure !== undefined) throw new Error(`syslog ${target}: ${failure.message}`);
        const message = Buffer.from(syslogMessage(alert));
        await new Promise<void>((resolve, reject) =>
          socket.write(`${message.length} ${message.toString()}`, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      },
      close: () =>
        new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.end(() => resolve()))),
    };
  }
  throw new RangeError(`syslog target must be udp://host:port or tcp://host:port, not '${target}'`);
}
