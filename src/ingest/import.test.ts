import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readStix } from '../stix/stream/read.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { importStix, type Rejection } from './import.js';

const ATTACK = resolve('../shared/intel/attack/enterprise-attack-18.1-rebuilt-from-mitre-cti.json');

async function* text(content: string): AsyncGenerator<Buffer> {
  yield Buffer.from(content);
}

const indicator = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'ScoringMathTea C2',
  pattern: "[domain-name:value = 'example.com']",
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00Z',
};
const stix20 = {
  type: 'attack-pattern',
  id: 'attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298',
  created: '2020-01-14T17:18:32.126Z',
  modified: '2020-01-14T17:18:32.126Z',
  name: 'DLL side-loading',
};
const missingCreated = {
  ...indicator,
  id: 'indicator--1e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created: undefined,
};

describe('importStix', () => {
  let dir: string;
  let store: Store;
  let collection: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-import-'));
    store = await openStore({ dataDir: dir });
    collection = (await store.createCollection({ title: 'test' })).id;
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the valid objects, upgrades STIX 2.0, and reports each bad one where it is', async () => {
    const lines = [
      JSON.stringify(indicator),
      '{"type": "indicator", oops}',
      JSON.stringify(missingCreated),
      JSON.stringify(stix20),
      '42',
    ].join('\n');
    const rejected: Rejection[] = [];
    const summary = await importStix(store, readStix(text(lines)), {
      collection,
      onRejected: (r) => rejected.push(r),
    });
    assert.deepEqual(
      { read: summary.read, added: summary.added, unchanged: summary.unchanged, rejected: summary.rejected },
      { read: 5, added: 2, unchanged: 0, rejected: 3 },
    );
    assert.deepEqual(
      rejected.map((r) => r.line),
      [2, 3, 5],
    );
    assert.equal(rejected[0]?.issues[0]?.code, 'malformed-json');
    assert.equal(rejected[2]?.issues[0]?.code, 'not-an-object');
    assert.equal(rejected[1]?.id, missingCreated.id);
    assert.ok(
      rejected[1]?.issues.some((i) => i.path.includes('created')),
      'names the missing property',
    );
    const upgraded = await store.get(stix20.id);
    assert.equal(JSON.parse(upgraded[0]?.json ?? '{}').spec_version, '2.1');
  });

  it('changes nothing when the same content is imported again, and rejects a changed copy of a version', async () => {
    const again = await importStix(store, readStix(text(JSON.stringify(indicator))), { collection });
    assert.equal(again.unchanged, 1);
    assert.equal(again.added, 0);
    const changed = { ...indicator, name: 'something else' };
    const rejected: Rejection[] = [];
    const conflict = await importStix(store, readStix(text(JSON.stringify(changed))), {
      collection,
      onRejected: (r) => rejected.push(r),
    });
    assert.equal(conflict.rejected, 1);
    assert.equal(rejected[0]?.issues[0]?.code, 'version-conflict');
    const stored = await store.get(indicator.id);
    assert.equal(JSON.parse(stored[0]?.json ?? '{}').name, 'ScoringMathTea C2');
  });

  it('imports all of MITRE ATT&CK Enterprise with zero rejections, and again with zero changes', async () => {
    const attack = (await store.createCollection({ title: 'attack' })).id;
    const first = await importStix(store, readStix(createReadStream(ATTACK)), { collection: attack });
    assert.equal(first.read, 24771);
    assert.equal(first.rejected, 0);
    assert.equal(first.added, 24771);
    const second = await importStix(store, readStix(createReadStream(ATTACK)), { collection: attack });
    assert.equal(second.unchanged, 24771);
    assert.equal(second.added, 0);
    assert.equal(await store.count({ collection: attack }), 24771);
  });
});
