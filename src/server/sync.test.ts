// Sync end to end between two dreamcatcher servers on loopback: pull with a durable cursor that
// resumes after the peer dies mid-page, without loss or duplicates; push under the TLP rules (RED
// and AMBER+STRICT never leave). In server/ because only the surface may import the server.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory, type Organisation } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { TLP_AMBER, TLP_AMBER_STRICT, TLP_CLEAR, TLP_GREEN, TLP_RED } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { addPeer, getPeer } from '../sync/peers.js';
import { runPeer } from '../sync/run.js';
import { buildServer } from './app.js';

const LEVELS = [TLP_CLEAR.id, TLP_GREEN.id, TLP_AMBER.id, TLP_AMBER_STRICT.id, TLP_RED.id];

function indicator(n: number, marking: string): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-05T00:00:00.000Z',
    modified: '2026-01-05T00:00:00.000Z',
    pattern: `[domain-name:value = 'c2-${n}.example.com']`,
    pattern_type: 'stix',
    valid_from: '2026-01-05T00:00:00Z',
    object_marking_refs: [marking],
  };
}

interface Node {
  dir: string;
  store: Store;
  directory: Directory;
  app: FastifyInstance;
  url: string;
}

async function startNode(name: string): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), `dc-sync-${name}-`));
  const store = await openStore({ dataDir: dir });
  const directory = new Directory(store);
  const app = await buildServer({ store, directory, logLevel: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { dir, store, directory, app, url: `${address}/api1/` };
}

async function stopNode(node: Node): Promise<void> {
  await node.app.close();
  await node.store.close();
  rmSync(node.dir, { recursive: true, force: true });
}

/** How many versions a collection holds in all. */
async function stored(store: Store, collection: string): Promise<number> {
  return store.count({ collection, versions: ['all'] });
}

describe('sync between two servers', () => {
  let a: Node;
  let b: Node;
  let intel: string;
  let inbox: string;
  let fromA: string;
  let outbox: string;
  let syncToken: string;
  const TOTAL = 1100;

  before(async () => {
    a = await startNode('a');
    b = await startNode('b');
    // On A: B's organisation may read intel (up to AMBER+STRICT) and write to inbox.
    const bAtA: Organisation = await a.directory.createOrg(SYSTEM, 'Node B');
    intel = (
      await a.directory.createCollection(SYSTEM, {
        title: 'intel',
        grants: [{ org: bAtA.id, read: true, write: false, red: false }],
      })
    ).collection.id;
    inbox = (
      await a.directory.createCollection(SYSTEM, {
        title: 'inbox',
        grants: [{ org: bAtA.id, read: true, write: true, red: false }],
      })
    ).collection.id;
    syncToken = (await a.directory.createUser(SYSTEM, { name: 'node-b', org: bAtA.id, role: 'sync' })).token;
    const objects = Array.from({ length: TOTAL }, (_, n) =>
      indicator(n, LEVELS[n % LEVELS.length] as string),
    );
    await a.store.put(
      intel,
      objects.map((object) => ({ object, json: JSON.stringify(object) })),
    );
    // On B: where pulled objects go, and an outbox whose readers include the org standing for A.
    fromA = (await b.directory.createCollection(SYSTEM, { title: 'from-a' })).collection.id;
    const aAtB = await b.directory.createOrg(SYSTEM, 'Node A');
    outbox = (
      await b.directory.createCollection(SYSTEM, {
        title: 'outbox',
        grants: [{ org: aAtB.id, read: true, write: false, red: false }],
      })
    ).collection.id;
    const local = LEVELS.map((marking, n) => indicator(5000 + n, marking));
    await b.store.put(
      outbox,
      local.map((object) => ({ object, json: JSON.stringify(object) })),
    );
  });

  after(async () => {
    await stopNode(a);
    await stopNode(b);
  });

  it('pulls what the peer lets it read, resuming after the peer dies mid-page, without duplicates', async () => {
    await addPeer(b.store, {
      name: 'a',
      apiRoot: a.url,
      remoteCollection: intel,
      localCollection: fromA,
      token: syncToken,
      pull: true,
    });
    // The second page is cut off half way, and then the peer is gone for good.
    let calls = 0;
    const dying: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 2) {
        const response = await fetch(input, init);
        const bytes = new Uint8Array(await response.arrayBuffer());
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice(0, bytes.length >> 1));
            controller.error(new Error('socket hang up'));
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      }
      if (calls > 2) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const broken = await runPeer(b.store, b.directory, await getPeer(b.store, 'a'), {
      client: { fetch: dying, maxAttempts: 3, sleep: async () => undefined },
    });
    assert.ok(broken.error !== undefined, 'the run reports that the peer went away');
    const afterFirstPage = await stored(b.store, fromA);
    assert.equal(afterFirstPage, 500, 'the first page was stored, nothing of the cut one');
    assert.ok((await getPeer(b.store, 'a')).pullCursor !== undefined, 'and the cursor moved past it');

    const resumed = await runPeer(b.store, b.directory, await getPeer(b.store, 'a'));
    assert.equal(resumed.error, undefined);
    const readable = (TOTAL / LEVELS.length) * 4; // everything but RED
    assert.equal(await stored(b.store, fromA), readable, 'every readable object, each once');
    assert.equal(resumed.pull?.added, readable - 500);

    const again = await runPeer(b.store, b.directory, await getPeer(b.store, 'a'));
    assert.deepEqual([again.pull?.added, again.pull?.unchanged], [0, 0], 'nothing new, nothing refetched');

    await a.store.put(intel, [
      { object: indicator(9999, TLP_GREEN.id), json: JSON.stringify(indicator(9999, TLP_GREEN.id)) },
    ]);
    const next = await runPeer(b.store, b.directory, await getPeer(b.store, 'a'));
    assert.equal(next.pull?.added, 1);
  });

  it('pushes only what the peer may see and TLP lets leave: never AMBER+STRICT or RED', async () => {
    await addPeer(b.store, {
      name: 'a-inbox',
      apiRoot: a.url,
      remoteCollection: inbox,
      localCollection: outbox,
      token: syncToken,
      pull: false,
      pushAs: 'Node A',
    });
    const report = await runPeer(b.store, b.directory, await getPeer(b.store, 'a-inbox'));
    assert.equal(report.error, undefined);
    assert.equal(report.push?.pushed, 3);
    const arrived = await a.store.list({ collection: inbox }, { limit: 100 });
    const markings = arrived.items.map((item) => (JSON.parse(item.json) as StixObject).object_marking_refs);
    assert.deepEqual(markings.flat().sort(), [TLP_AMBER.id, TLP_CLEAR.id, TLP_GREEN.id].sort());
    const again = await runPeer(b.store, b.directory, await getPeer(b.store, 'a-inbox'));
    assert.equal(again.push?.batches, 0, 'the push cursor is durable');
  });
});
