// Pages read on a reader thread are sent from memory the thread lends and fills again with later
// pages once the answer is written (store/sqlite/page-reader.ts, JsonPage.release). Here, over
// real sockets, many clients at once ask for pages of two collections in any order, new pages and
// pages asked for again (which the page cache keeps, as copies), and every answer must be exactly
// its own page: memory lent again while a page still used it would show as another page's bytes
// (a page cache keeping lent memory fails here). That the route gives memory back only after its
// answer is written is held by server-routes.test.ts; on loopback the kernel takes most answers
// in one write, so a release too early rarely shows here.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { TLP_CLEAR } from '../stix/tlp.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

const ACCEPT = { accept: 'application/taxii+json;version=2.1' };
const OBJECTS = 240;
const CLIENTS = 32;
const REQUESTS = 600;

function malware(collection: string, n: number): StixObject {
  return {
    type: 'malware',
    spec_version: '2.1',
    id: `malware--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: `${collection} ${n}`,
    // Pages of different sizes, so that memory is reused across sizes, up to a megabyte: an answer
    // the socket cannot take at once keeps its memory in use until it can.
    description: `${collection} `.repeat(1000 + 100 * (n % 13)),
    is_family: true,
    object_marking_refs: [TLP_CLEAR.id],
  };
}

describe('pages sent from memory lent by a reader thread', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let origin: string;
  const collections = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-lent-pages-'));
    store = await openSqliteStore({ path: join(dir, 'dreamcatcher.db'), readerThreads: 1 });
    const directory = new Directory(store);
    for (const title of ['north', 'south']) {
      const { collection } = await directory.createCollection(SYSTEM, { title, public: true });
      collections.set(title, collection.id);
      const objects = Array.from({ length: OBJECTS }, (_, n) => malware(title, n));
      await store.put(
        collection.id,
        objects.map((object) => ({ object, json: JSON.stringify(object) })),
      );
    }
    app = await buildServer({ store, directory, logLevel: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    assert.ok(address !== null && typeof address !== 'string');
    origin = `http://127.0.0.1:${address.port}`;
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each of many concurrent requests with its own page, whatever was read before', async () => {
    const url = (title: string, limit: number, next?: string) =>
      `${origin}/api1/collections/${collections.get(title)}/objects/?limit=${limit}${next === undefined ? '' : `&next=${next}`}`;
    const get = async (address: string, dawdle = false) => {
      const response = await fetch(address, { headers: ACCEPT });
      assert.equal(response.status, 200, address);
      const chunks: Uint8Array[] = [];
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        chunks.push(chunk);
        // A slow reader: the server's write waits on the socket meanwhile, its memory in use.
        if (dawdle) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { objects?: StixObject[]; next?: string };
    };
    // Every page of both collections at a few sizes, walked one at a time: what each must be.
    const pages: { address: string; names: string[] }[] = [];
    for (const title of collections.keys()) {
      for (const limit of [7, 31, 100]) {
        let next: string | undefined;
        do {
          const address = url(title, limit, next);
          const page = await get(address);
          pages.push({ address, names: (page.objects ?? []).map((object) => object.name as string) });
          next = page.next;
        } while (next !== undefined);
      }
    }
    let seed = 7;
    const pick = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return pages[seed % pages.length] as (typeof pages)[number];
    };
    let asked = 0;
    const client = async () => {
      while (asked < REQUESTS) {
        asked++;
        const { address, names } = pick();
        // One request in two with an added_after of its own, before every object: the same page,
        // never from the page cache, always read into lent memory. The others ask for pages again,
        // which the page cache keeps (as copies: the memory they were read into is lent again).
        const fresh = asked % 2 === 0;
        const page = await get(
          fresh ? `${address}&added_after=2000-01-01T00:00:00.${String(asked).padStart(6, '0')}Z` : address,
          asked % 3 === 0,
        );
        assert.deepEqual(
          (page.objects ?? []).map((object) => object.name),
          names,
          address,
        );
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    assert.ok(asked >= REQUESTS);
  });
});
