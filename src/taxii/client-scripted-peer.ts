// A TAXII peer for the client tests: a real HTTP server on a free port that answers each request with
// the next scripted answer and records what it was sent, so that tests see the client's bytes on
// the wire (headers, encoded URLs, bodies) and can break the connection where a real peer would.

import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import { TAXII_MEDIA_TYPE } from './media-types.js';

export interface ScriptedAnswer {
  /** 200 by default. */
  status?: number;
  /** Content-Type is TAXII 2.1 unless given here. */
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: string | object;
  /** Send the body chunked, without Content-Length, in pieces of this many bytes. */
  chunkBytes?: number;
  /** Send the head and half the body, then close the socket. */
  cutMidBody?: boolean;
  /** Never answer; the socket stays open until the client gives up. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as the client sent them. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedPeer {
  /** http://127.0.0.1:port */
  origin: string;
  requests: RecordedRequest[];
  /** Queues answers, one per coming request, in order. */
  answer(...answers: ScriptedAnswer[]): void;
  /** Forgets the recorded requests and any answers left over, between tests. */
  reset(): void;
  close(): Promise<void>;
}

function bodyText(body: string | object | undefined): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export async function startScriptedPeer(): Promise<ScriptedPeer> {
  const queue: ScriptedAnswer[] = [];
  const requests: RecordedRequest[] = [];
  const held = new Set<Socket>();
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/*',
    handler: async (request, reply) => {
      requests.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: typeof request.body === 'string' ? request.body : '',
      });
      // Unscripted requests get a status the client never retries, so a test fails at once.
      const answer = queue.shift() ?? { status: 418, body: 'no answer scripted for this request' };
      const text = bodyText(answer.body);
      const headers = { 'content-type': TAXII_MEDIA_TYPE, ...answer.headers };
      if (answer.hang === true) {
        reply.hijack();
        held.add(request.raw.socket);
        return;
      }
      if (answer.cutMidBody === true) {
        reply.hijack();
        const bytes = Buffer.from(text, 'utf8');
        reply.raw.writeHead(answer.status ?? 200, { ...headers, 'content-length': String(bytes.length) });
        reply.raw.write(bytes.subarray(0, bytes.length >> 1), () => request.raw.socket.destroy());
        return;
      }
      reply.code(answer.status ?? 200).headers(headers);
      const chunk = answer.chunkBytes;
      if (chunk === undefined) return reply.send(Buffer.from(text, 'utf8'));
      const pieces: Buffer[] = [];
      for (let at = 0; at < text.length; at += chunk)
        pieces.push(Buffer.from(text.slice(at, at + chunk), 'utf8'));
      return reply.send(Readable.from(pieces));
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the scripted peer has no TCP port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requests,
    answer: (...answers) => queue.push(...answers),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: async () => {
      for (const socket of held) socket.destroy();
      await app.close();
    },
  };
}
