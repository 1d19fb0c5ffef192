// SIGKILL in the middle of an import into a SQLite file loses no acknowledged batch and leaves no
// batch half written.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { checkDurability } from './durability.js';
import { openSqliteStore } from './index.js';

it('sqlite keeps every acknowledged batch whole across SIGKILL', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-durability-'));
  try {
    const path = join(folder, 'durability.db');
    const report = await checkDurability({ target: path, open: () => openSqliteStore({ path }) });
    assert.ok(report.acknowledged >= 3 + 7 + 11, `acknowledged ${report.acknowledged}`);
    assert.ok(report.present >= report.acknowledged);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
