import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { DREAMJOB_PACK } from './dreamjob/index.js';
import { loadPack, UnknownPackError } from './load.js';

const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-packs-'));
after(() => rmSync(folder, { recursive: true, force: true }));

let stores = 0;
async function withStore(work: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore({ dataDir: join(folder, String(stores++)) });
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

describe('loadPack', () => {
  it('creates a public collection named after the pack, and a second load adds nothing', async () => {
    await withStore(async (store) => {
      const size = DREAMJOB_PACK.objects().length;
      const first = await loadPack(store, 'dreamjob');
      assert.equal(first.createdCollection, true);
      assert.equal(first.collection.title, 'dreamjob');
      assert.deepEqual([first.added, first.unchanged, first.conflicts], [size, 0, []]);
      assert.equal((await new Directory(store).policyOf(first.collection.id)).public, true);
      assert.equal(await store.count({ collection: first.collection.id }), size);

      const second = await loadPack(store, 'dreamjob');
      assert.equal(second.createdCollection, false);
      assert.equal(second.collection.id, first.collection.id);
      assert.deepEqual([second.added, second.unchanged, second.conflicts], [0, size, []]);
      assert.equal(await store.count({ collection: first.collection.id }), size);

      const audit = await store.listAudit({ limit: 100 });
      assert.equal(audit.filter((entry) => entry.action === 'pack.load').length, 2);
    });
  });

  it('loads into a collection given by title, keeping the policy of one that exists', async () => {
    await withStore(async (store) => {
      const { collection } = await new Directory(store).createCollection(SYSTEM, { title: 'intel' });
      const result = await loadPack(store, 'dreamjob', { collection: 'intel' });
      assert.equal(result.createdCollection, false);
      assert.equal(result.collection.id, collection.id);
      assert.equal(result.added, DREAMJOB_PACK.objects().length);
      assert.equal((await new Directory(store).policyOf(collection.id)).public, false);
      assert.equal(await store.getCollection('dreamjob'), undefined);
    });
  });

  it('refuses a pack it does not know, naming the ones it does', async () => {
    await withStore(async (store) => {
      await assert.rejects(
        loadPack(store, 'no-such-pack'),
        (error: unknown) => error instanceof UnknownPackError && error.message.includes('dreamjob'),
      );
      assert.deepEqual(await store.listCollections(), []);
    });
  });
});
