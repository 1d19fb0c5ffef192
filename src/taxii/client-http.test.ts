import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { TaxiiClientError } from './client-errors.js';
import { retryAfterMs, TaxiiHttp, type TaxiiHttpOptions, type TaxiiRequest } from './client-http.js';
import { type ScriptedPeer, startScriptedPeer } from './client-scripted-peer.js';

const TAXII = 'application/taxii+json;version=2.1';
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const API_ROOT = { title: 'root', versions: [TAXII], max_content_length: 1000 };

/** Runs a request expected to fail and returns its TaxiiClientError. */
async function failure(promise: Promise<unknown>): Promise<TaxiiClientError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TaxiiClientError, String(error));
    return error;
  }
  assert.fail('the request succeeded');
}

describe('TAXII client HTTP', () => {
  let peer: ScriptedPeer;
  let slept: number[];

  before(async () => {
    peer = await startScriptedPeer();
  });
  after(async () => {
    await peer.close();
  });
  beforeEach(() => {
    peer.reset();
    slept = [];
  });

  function http(options: TaxiiHttpOptions = {}): TaxiiHttp {
    return new TaxiiHttp({
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0.5,
      clock: () => NOW,
      ...options,
    });
  }

  function get(path = '/api1/'): TaxiiRequest {
    return { method: 'GET', url: new URL(path, peer.origin) };
  }

  describe('headers', () => {
    it('sends the TAXII Accept header and the user agent, and no Content-Type on a GET', async () => {
      peer.answer({ body: API_ROOT });
      const response = await http({ userAgent: 'test-agent/1' }).request(get());
      assert.deepEqual(response.body, API_ROOT);
      assert.equal(response.status, 200);
      const [request] = peer.requests;
      assert.equal(request?.headers.accept, TAXII);
      assert.equal(request?.headers['user-agent'], 'test-agent/1');
      assert.equal(request?.headers.authorization, undefined);
      assert.equal(request?.headers['content-type'], undefined);
    });

    it('sends a bearer token', async () => {
      peer.answer({ body: API_ROOT });
      await http({ auth: { token: 'tok-123' } }).request(get());
      assert.equal(peer.requests[0]?.headers.authorization, 'Bearer tok-123');
    });

    it('sends HTTP Basic credentials as UTF-8 in base64', async () => {
      peer.answer({ body: API_ROOT });
      await http({ auth: { user: 'ann', password: 'pä:ss' } }).request(get());
      const header = peer.requests[0]?.headers.authorization ?? '';
      assert.match(header, /^Basic /);
      assert.equal(Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8'), 'ann:pä:ss');
    });

    it('refuses a Basic user name with a colon and a token that is no header value, at construction', () => {
      assert.throws(() => http({ auth: { user: 'a:b', password: 'x' } }), /may not contain ":"/);
      assert.throws(() => http({ auth: { token: 'a\nb' } }), TypeError);
      assert.throws(() => http({ maxAttempts: 0 }), /maxAttempts must be a positive integer/);
    });

    it('calls the fetch it is given, with a time limit and redirects followed on reads only', async () => {
      const calls: [string, RequestInit | undefined][] = [];
      const recording: typeof fetch = async (input, init) => {
        calls.push([String(input), init]);
        return fetch(input, init);
      };
      peer.answer({ body: API_ROOT }, { status: 200, body: '' });
      await http({ fetch: recording }).request(get());
      await http({ fetch: recording }).request({
        method: 'DELETE',
        url: new URL('/api1/o/', peer.origin),
        expectBody: false,
      });
      assert.deepEqual(
        calls.map(([url, init]) => [url, init?.method, init?.redirect, init?.signal instanceof AbortSignal]),
        [
          [`${peer.origin}/api1/`, 'GET', 'follow', true],
          [`${peer.origin}/api1/o/`, 'DELETE', 'manual', true],
        ],
      );
    });

    it('sends a POST body with the TAXII Content-Type', async () => {
      peer.answer({ status: 202, body: { ok: true } });
      await http().request({ method: 'POST', url: new URL('/api1/x/', peer.origin), body: '{"objects":[]}' });
      assert.equal(peer.requests[0]?.headers['content-type'], TAXII);
      assert.equal(peer.requests[0]?.body, '{"objects":[]}');
    });
  });

  describe('retries', () => {
    it('waits as Retry-After says, in seconds and as an HTTP-date, then succeeds', async () => {
      peer.answer(
        { status: 429, headers: { 'retry-after': '7' }, body: '' },
        { status: 429, headers: { 'retry-after': new Date(NOW + 12_000).toUTCString() }, body: '' },
        { status: 503, headers: { 'retry-after': new Date(NOW - 5_000).toUTCString() }, body: '' },
        { body: API_ROOT },
      );
      const response = await http().request(get());
      assert.deepEqual(response.body, API_ROOT);
      assert.deepEqual(slept, [7_000, 12_000, 0]);
      assert.equal(peer.requests.length, 4);
    });

    it('caps a Retry-After longer than maxBackoffMs', async () => {
      peer.answer({ status: 429, headers: { 'retry-after': '86400' }, body: '' }, { body: API_ROOT });
      await http({ maxBackoffMs: 60_000 }).request(get());
      assert.deepEqual(slept, [60_000]);
    });

    it('backs off exponentially with full jitter, then gives up with a clear error', async () => {
      const unavailable = {
        status: 503,
        body: '<html><body>Service Unavailable</body></html>',
        headers: { 'content-type': 'text/html' },
      };
      peer.answer(unavailable, unavailable, unavailable, unavailable, unavailable);
      const error = await failure(http().request(get()));
      // random() is 0.5: half of 500, 1000, 2000 and 4000 ms.
      assert.deepEqual(slept, [250, 500, 1_000, 2_000]);
      assert.equal(peer.requests.length, 5);
      assert.equal(error.code, 'http');
      assert.equal(error.status, 503);
      assert.equal(error.retryable, true);
      assert.equal(error.attempts, 5);
      assert.equal(error.url, `${peer.origin}/api1/`);
      assert.equal(
        error.message,
        `GET ${peer.origin}/api1/: HTTP 503 Service Unavailable: "<html><body>Service Unavailable</body></html>" (gave up after 5 attempts)`,
      );
    });

    it('caps the exponential backoff at maxBackoffMs', async () => {
      const unavailable = { status: 500, body: '' };
      peer.answer(unavailable, unavailable, unavailable, { body: API_ROOT });
      await http({ random: () => 0.999, baseBackoffMs: 1_000, maxBackoffMs: 1_500 }).request(get());
      assert.deepEqual(slept, [999, 1_498, 1_498]);
    });

    it('never retries a 4xx other than 429, nor 501', async () => {
      for (const status of [400, 401, 403, 404, 406, 413, 415, 422, 501]) {
        peer.reset();
        peer.answer({ status, body: '' }, { body: API_ROOT });
        const error = await failure(http().request(get()));
        assert.equal(error.status, status);
        assert.equal(error.retryable, false);
        assert.equal(peer.requests.length, 1, String(status));
      }
      assert.deepEqual(slept, []);
    });

    it('retries a POST, sending the same envelope again', async () => {
      peer.answer({ status: 502, body: '' }, { status: 202, body: { id: 's1' } });
      const body = '{"objects":[{"type":"x","id":"x--1"}]}';
      const response = await http().request({ method: 'POST', url: new URL('/api1/c/', peer.origin), body });
      assert.deepEqual(response.body, { id: 's1' });
      assert.deepEqual(
        peer.requests.map((request) => [request.method, request.body]),
        [
          ['POST', body],
          ['POST', body],
        ],
      );
    });

    it('retries when the peer closes the socket in the middle of the body', async () => {
      peer.answer({ body: { ...API_ROOT, title: 'x'.repeat(5_000) }, cutMidBody: true }, { body: API_ROOT });
      const response = await http().request(get());
      assert.deepEqual(response.body, API_ROOT);
      assert.equal(peer.requests.length, 2);
      assert.deepEqual(slept, [250]);
    });

    it('reports a socket closed mid-body as a network error once attempts run out', async () => {
      const cut = { body: { ...API_ROOT, title: 'x'.repeat(5_000) }, cutMidBody: true };
      peer.answer(cut, cut);
      const error = await failure(http({ maxAttempts: 2 }).request(get()));
      assert.equal(error.code, 'network');
      assert.equal(error.status, undefined);
      assert.equal(error.retryable, true);
      assert.match(
        error.message,
        /^GET http:\/\/127\.0\.0\.1:\d+\/api1\/: network error: .+ \(gave up after 2 attempts\)$/,
      );
    });

    it('retries a peer that does not answer within timeoutMs', async () => {
      peer.answer({ hang: true }, { body: API_ROOT });
      const response = await http({ timeoutMs: 200 }).request(get());
      assert.deepEqual(response.body, API_ROOT);
      assert.equal(peer.requests.length, 2);
    });

    it('gives up on a peer that never answers with a timeout error', async () => {
      peer.answer({ hang: true }, { hang: true });
      const error = await failure(http({ timeoutMs: 100, maxAttempts: 2 }).request(get()));
      assert.equal(error.code, 'timeout');
      assert.equal(error.status, undefined);
      assert.match(error.message, /no complete answer within 100 ms \(gave up after 2 attempts\)$/);
    });

    it('retries a refused connection, then reports it as a network error', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const address = closed.address();
      await new Promise((resolve) => closed.close(resolve));
      assert.ok(address !== null && typeof address !== 'string');
      const url = new URL(`http://127.0.0.1:${address.port}/api1/`);
      const error = await failure(http({ maxAttempts: 3 }).request({ method: 'GET', url }));
      assert.equal(error.code, 'network');
      assert.equal(error.attempts, 3);
      assert.match(error.message, /ECONNREFUSED/);
      assert.deepEqual(slept, [250, 500]);
    });
  });

  describe('what the peer sends back', () => {
    it('surfaces a TAXII error resource in the message and the fields', async () => {
      peer.answer({
        status: 400,
        body: {
          title: 'Bad Request',
          description: `match[type]: 'in dicator' is not a valid value ${'and more '.repeat(100)}`,
          error_id: 'req-7',
          error_code: 'bad-filter',
          http_status: '400',
        },
      });
      const error = await failure(http().request(get('/api1/collections/c/objects/')));
      assert.equal(error.title, 'Bad Request');
      assert.equal(error.errorCode, 'bad-filter');
      assert.equal(error.errorId, 'req-7');
      assert.match(error.description ?? '', /^match\[type\]: 'in dicator' is not a valid value and more/);
      assert.ok((error.description ?? '').length <= 200);
      assert.match(
        error.message,
        /: HTTP 400 Bad Request: "Bad Request": match\[type\]: 'in dicator' .*… \[bad-filter\]$/,
      );
      assert.ok(error.message.length < 400);
    });

    it('quotes only the start of a large non-TAXII error page', async () => {
      peer.answer({
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: `<h1>Not here</h1>\n${'<p>filler</p>'.repeat(10_000)}`,
      });
      const error = await failure(http().request(get()));
      assert.equal(error.title, undefined);
      assert.match(error.message, /HTTP 404 Not Found: "<h1>Not here<\/h1> <p>filler<\/p>.*…"$/);
      assert.ok(error.message.length < 300);
    });

    it('refuses a body over maxResponseBytes without reading it, whether or not its length is declared', async () => {
      const big = { ...API_ROOT, title: 'y'.repeat(2_000) };
      peer.answer({ body: big }, { body: big, chunkBytes: 256 });
      for (const declared of [true, false]) {
        const error = await failure(http({ maxResponseBytes: 1_000 }).request(get()));
        assert.equal(error.code, 'too-large', `declared ${declared}`);
        assert.equal(error.status, 200);
        assert.equal(error.retryable, false);
        assert.match(error.message, /larger than maxResponseBytes \(1000 bytes\)/);
      }
      assert.equal(peer.requests.length, 2);
    });

    it('reads a chunked body up to the limit', async () => {
      peer.answer({ body: API_ROOT, chunkBytes: 8 });
      const response = await http({ maxResponseBytes: JSON.stringify(API_ROOT).length }).request(get());
      assert.deepEqual(response.body, API_ROOT);
    });

    it('accepts TAXII JSON with version 2.1 or none, in any case, with a charset', async () => {
      const types = [
        'application/taxii+json',
        'application/taxii+json; version=2.1; charset=utf-8',
        'Application/TAXII+JSON;version="2.1"',
      ];
      for (const type of types) peer.answer({ headers: { 'content-type': type }, body: API_ROOT });
      for (const type of types) assert.deepEqual((await http().request(get())).body, API_ROOT, type);
    });

    it('refuses an answer that is not TAXII 2.1 JSON, naming the URL and the type', async () => {
      const types = [
        'application/json',
        'text/html; charset=utf-8',
        'application/taxii+json;version=2.0',
        'application/stix+json;version=2.1',
      ];
      for (const type of types) peer.answer({ headers: { 'content-type': type }, body: API_ROOT });
      for (const type of types) {
        const error = await failure(http().request(get()));
        assert.equal(error.code, 'media-type');
        assert.equal(error.retryable, false);
        assert.equal(
          error.message,
          `GET ${peer.origin}/api1/: the answer is "${type}", not TAXII 2.1 JSON (application/taxii+json;version=2.1)`,
        );
      }
      assert.equal(peer.requests.length, types.length);
    });

    it('refuses a body that is not JSON, quoting little of it', async () => {
      peer.answer(
        { body: `{"title": "cut short ${'z'.repeat(1_000)}` },
        { body: '' },
        { body: Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1') },
      );
      const notJson = await failure(http().request(get()));
      assert.equal(notJson.code, 'bad-json');
      assert.match(notJson.message, new RegExp(`^GET ${peer.origin}/api1/: the body is not JSON: `));
      assert.ok(notJson.message.length < 200);
      const empty = await failure(http().request(get()));
      assert.match(empty.message, /the body is empty, not JSON$/);
      const latin1 = await failure(http().request(get()));
      assert.equal(latin1.code, 'bad-json');
    });

    it('takes a 2xx without a body for a request that expects none', async () => {
      peer.answer({ status: 200, headers: { 'content-type': 'text/plain' }, body: '' });
      const response = await http().request({
        method: 'DELETE',
        url: new URL('/api1/o/', peer.origin),
        expectBody: false,
      });
      assert.equal(response.status, 200);
      assert.equal(response.body, undefined);
    });

    it('follows a redirect on GET but reports one on POST', async () => {
      peer.answer({ status: 301, headers: { location: '/moved/' }, body: '' }, { body: API_ROOT });
      assert.deepEqual((await http().request(get())).body, API_ROOT);
      assert.equal(peer.requests[1]?.url, '/moved/');
      peer.answer({ status: 301, headers: { location: '/moved/' }, body: '' });
      const error = await failure(
        http().request({ method: 'POST', url: new URL('/api1/c/', peer.origin), body: '{}' }),
      );
      assert.equal(error.status, 301);
      assert.match(error.message, /HTTP 301 Moved Permanently to \/moved\/$/);
    });
  });

  describe('Retry-After', () => {
    it('reads delta-seconds and HTTP-dates, and ignores what it cannot read', () => {
      assert.equal(retryAfterMs('120', NOW), 120_000);
      assert.equal(retryAfterMs(' 3 ', NOW), 3_000);
      assert.equal(retryAfterMs('Mon, 01 Jun 2026 12:00:30 GMT', NOW), 30_000);
      assert.equal(retryAfterMs('Mon, 01 Jun 2026 11:00:00 GMT', NOW), 0);
      assert.equal(retryAfterMs('soon', NOW), undefined);
      assert.equal(retryAfterMs('-5', NOW), undefined);
      assert.equal(retryAfterMs(null, NOW), undefined);
    });
  });
});
