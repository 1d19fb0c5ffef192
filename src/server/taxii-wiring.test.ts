import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

const TAXII = 'application/taxii+json;version=2.1';

describe('TAXII 2.1 mounted in the server', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-taxii-wiring-'));
    store = await openStore({ dataDir: dir });
    const directory = new Directory(store);
    await directory.createCollection(SYSTEM, { title: 'intel', public: true });
    app = await buildServer({ store, directory, logLevel: false });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves discovery and the API root, with and without the trailing slash', async () => {
    for (const url of ['/taxii2/', '/taxii2', '/api1/', '/api1', '/api1/collections/', '/api1/collections']) {
      const res = await app.inject({ url, headers: { accept: TAXII } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], TAXII);
    }
    const root = await app.inject({ url: '/api1/', headers: { accept: TAXII } });
    assert.equal((root.json() as { max_content_length: number }).max_content_length, 10 * 1024 * 1024);
  });

  it('answers TAXII failures with TAXII error resources', async () => {
    const res = await app.inject({
      url: '/api1/collections/nope/objects/?limit=0',
      headers: { accept: TAXII },
    });
    assert.equal(res.statusCode, 400);
    assert.equal((res.json() as { http_status: string }).http_status, '400');
  });

  it('leaves the REST API its own error shape and no TAXII Accept requirement', async () => {
    const bad = await app.inject('/api/v1/objects?limit=0');
    assert.equal(bad.statusCode, 400);
    assert.equal((bad.json() as { error: { code: string } }).error.code, 'bad-request');
    const missing = await app.inject('/api/v1/nothing-here');
    assert.equal((missing.json() as { error: { code: string } }).error.code, 'not-found');
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    assert.equal((await app.inject('/api/v1/objects?limit=1')).statusCode, 200);
  });
});
