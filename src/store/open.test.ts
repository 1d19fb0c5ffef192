import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, SQLITE_FILE_NAME } from './open.js';
import { StoreError } from './store.js';

const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-open-'));
after(() => rmSync(folder, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens SQLite in the data folder, creating the folder', async () => {
    const dataDir = join(folder, 'new', 'data');
    const store = await openStore({ dataDir, clock: () => 0 });
    try {
      assert.equal(store.backend, 'sqlite');
      assert.equal((await store.createCollection({ title: 't' })).created, '1970-01-01T00:00:00.000Z');
      assert.ok(existsSync(join(dataDir, SQLITE_FILE_NAME)));
    } finally {
      await store.close();
    }
  });

  it('rejects a URL scheme other than postgres, naming it', async () => {
    for (const [databaseUrl, mention] of [
      ['mysql://u@h/db', 'mysql:'],
      ['sqlite:///tmp/x.db', 'sqlite:'],
      ['just-a-name', 'no scheme'],
    ] as const) {
      await assert.rejects(
        openStore({ dataDir: folder, databaseUrl }),
        (error: unknown) =>
          error instanceof StoreError && error.code === 'bad-url' && error.message.includes(mention),
      );
    }
  });

  it('reports a data folder that cannot be created', async () => {
    const file = join(folder, 'a-file');
    writeFileSync(file, '');
    await assert.rejects(
      openStore({ dataDir: join(file, 'data') }),
      (error: unknown) =>
        error instanceof StoreError && error.code === 'io' && error.message.includes(join(file, 'data')),
    );
  });
});
