// SIGKILL in the middle of an import into PostgreSQL loses no acknowledged batch and leaves no batch
// half written, with the crash core shared with SQLite.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { checkDurability } from '../sqlite/durability.js';
import { dropSchema, freshSchemaName, requireTestServer, TEST_POSTGRES_URL } from './fresh-schema.js';
import { openPostgresStore } from './index.js';

before(requireTestServer);

it('postgres keeps every acknowledged batch whole across SIGKILL', async () => {
  const schema = freshSchemaName();
  // The writer child gets only a URL, so the schema travels in it.
  const target = new URL(TEST_POSTGRES_URL);
  target.searchParams.set('schema', schema);
  try {
    const report = await checkDurability({
      target: target.toString(),
      open: () => openPostgresStore({ url: TEST_POSTGRES_URL, schema }),
    });
    assert.ok(report.acknowledged >= 3 + 7 + 11, `acknowledged ${report.acknowledged}`);
    assert.ok(report.present >= report.acknowledged);
  } finally {
    await dropSchema(schema);
  }
});
