import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { Directory } from './directory.js';
import { PRIVATE_POLICY } from './policy.js';
import { SYSTEM } from './principal.js';

/** A store that counts how often the catalogue of collections and policies is read from it. */
function counting(store: Store): { store: Store; reads: () => number } {
  let reads = 0;
  const counted = Object.create(store) as Store;
  counted.listCollections = () => {
    reads++;
    return store.listCollections();
  };
  return { store: counted, reads: () => reads };
}

async function withDirectory(
  work: (context: {
    store: Store;
    directory: Directory;
    reads: () => number;
    tick: (ms: number) => void;
  }) => Promise<void>,
): Promise<void> {
  const inner = await openSqliteStore({ path: ':memory:' });
  let now = 1_000_000;
  const { store, reads } = counting(inner);
  try {
    await work({
      store,
      directory: new Directory(store, { clock: () => now }),
      reads,
      tick: (ms) => (now += ms),
    });
  } finally {
    await inner.close();
  }
}

describe('Directory: collections and policies in memory', () => {
  it('reads them once for many requests, and again at once after a change made through it', async () => {
    await withDirectory(async ({ directory, reads }) => {
      const org = await directory.createOrg(SYSTEM, 'ACME');
      const { collection } = await directory.createCollection(SYSTEM, { title: 'one' });
      assert.deepEqual(await directory.collection(collection.id), { collection, policy: PRIVATE_POLICY });
      const before = reads();
      for (let i = 0; i < 5; i++) {
        await directory.collection(collection.id);
        await directory.collections();
        await directory.policyOf(collection.id);
      }
      assert.equal(reads(), before);

      const grants = [{ org: org.id, read: true, write: false, red: false }];
      await directory.grant(SYSTEM, collection.id, { grants });
      assert.deepEqual((await directory.collection(collection.id))?.policy, { public: false, grants });
      const { collection: two } = await directory.createCollection(SYSTEM, { title: 'two', public: true });
      assert.deepEqual(
        (await directory.collections()).map((entry) => [entry.collection.title, entry.policy.public]),
        [
          ['one', false],
          ['two', true],
        ],
      );
      assert.equal((await directory.collection(two.id))?.collection.title, 'two');
    });
  });

  it('finds a collection made straight in the store, by id only, and lists it from then on', async () => {
    await withDirectory(async ({ store, directory }) => {
      assert.deepEqual(await directory.collections(), []);
      const made = await store.createCollection({ title: 'imported' });
      assert.deepEqual(await directory.collection(made.id), { collection: made, policy: PRIVATE_POLICY });
      assert.equal(await directory.collection('imported'), undefined);
      assert.equal(await directory.collection('no-such-id'), undefined);
      assert.deepEqual(
        (await directory.collections()).map((entry) => entry.collection.id),
        [made.id],
      );
    });
  });

  it('sees a change made by another node within the cache lifetime', async () => {
    await withDirectory(async ({ store, directory, tick }) => {
      const { collection } = await directory.createCollection(SYSTEM, { title: 'shared' });
      assert.equal((await directory.policyOf(collection.id)).public, false);
      const otherNode = new Directory(store);
      await otherNode.grant(SYSTEM, collection.id, { public: true });
      assert.equal((await directory.policyOf(collection.id)).public, false);
      tick(5_001);
      assert.equal((await directory.policyOf(collection.id)).public, true);
    });
  });
});

describe('Directory: credentials', () => {
  it('accepts a verified token again without the store, and refuses a wrong secret for its id', async () => {
    await withDirectory(async ({ directory }) => {
      const org = await directory.createOrg(SYSTEM, 'ACME');
      const { token } = await directory.createUser(SYSTEM, { name: 'ana', org: org.id, role: 'reader' });
      const first = await directory.authenticate(token);
      assert.equal(typeof first === 'object' && first.kind === 'user' && first.user, 'ana');
      assert.equal(await directory.authenticate(token), first);
      const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      assert.equal(await directory.authenticate(wrong), 'invalid');
      assert.equal(await directory.authenticate(token, 'otto'), 'invalid');
      assert.equal(await directory.authenticate(token), first);
    });
  });

  it('refuses a revoked token at once on the node that revoked it, and within the cache lifetime on others', async () => {
    await withDirectory(async ({ store, directory }) => {
      const org = await directory.createOrg(SYSTEM, 'ACME');
      const { token, tokenId } = await directory.createUser(SYSTEM, {
        name: 'ana',
        org: org.id,
        role: 'reader',
      });
      let now = 2_000_000;
      const otherNode = new Directory(store, { clock: () => now });
      assert.equal(typeof (await directory.authenticate(token)), 'object');
      assert.equal(typeof (await otherNode.authenticate(token)), 'object');
      await directory.revokeToken(SYSTEM, tokenId);
      assert.equal(await directory.authenticate(token), 'revoked');
      now += 5_001;
      assert.equal(await otherNode.authenticate(token), 'revoked');
    });
  });

  it('refuses a remembered token once it expires', async () => {
    await withDirectory(async ({ directory, tick }) => {
      const org = await directory.createOrg(SYSTEM, 'ACME');
      const { user } = await directory.createUser(SYSTEM, { name: 'ana', org: org.id, role: 'reader' });
      const { token } = await directory.createToken(SYSTEM, user.name, 1 / 86_400);
      assert.equal(typeof (await directory.authenticate(token)), 'object');
      tick(1_000);
      assert.equal(await directory.authenticate(token), 'expired');
    });
  });
});

describe('Directory: a collection by title', () => {
  it('is made once when two callers ask for it at the same moment, and both get it', async () => {
    await withDirectory(async ({ store, directory }) => {
      const other = new Directory(store);
      const input = { title: 'sightings', description: 'shared' };
      const [a, b] = await Promise.all([
        directory.collectionTitled(SYSTEM, input),
        other.collectionTitled(SYSTEM, input),
      ]);
      assert.equal(a.collection.id, b.collection.id);
      assert.deepEqual([a.created, b.created].sort(), [false, true]);
      const again = await directory.collectionTitled(SYSTEM, input);
      assert.deepEqual(again, { collection: a.collection, created: false });
      assert.equal((await store.listCollections()).length, 1);
    });
  });
});
