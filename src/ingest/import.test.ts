import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readStix } from '../stix/stream/read.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store.js';
import {
  type ImportOptions,
  type ImportSummary,
  importStix,
  importStixBytes,
  type Rejection,
} from './import.js';

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

/** The JSON texts of every version in a collection, in the order they were added. */
async function storedTexts(store: Store, collection: string): Promise<string[]> {
  const texts: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(
      { collection, versions: ['all'] },
      { limit: 5000, ...(cursor && { cursor }) },
    );
    for (const item of page.items) texts.push(item.json);
    cursor = page.next;
  } while (cursor !== undefined);
  return texts;
}

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
    const first = await importStixBytes(store, createReadStream(ATTACK), { collection: attack });
    assert.equal(first.read, 24771);
    assert.equal(first.rejected, 0);
    assert.equal(first.added, 24771);
    const second = await importStixBytes(store, createReadStream(ATTACK), { collection: attack });
    assert.equal(second.unchanged, 24771);
    assert.equal(second.added, 0);
    assert.equal(await store.count({ collection: attack }), 24771);
  });

  it('stores the same JSON text on a worker thread as on this one, for all of MITRE ATT&CK', async () => {
    // Pretty-printed input: each thread compacts the texts it stores.
    const inThread = (await store.createCollection({ title: 'attack-in-thread' })).id;
    const onWorker = (await store.createCollection({ title: 'attack-on-worker' })).id;
    await importStix(store, readStix(createReadStream(ATTACK)), { collection: inThread });
    await importStixBytes(store, createReadStream(ATTACK), { collection: onWorker });
    const texts = await storedTexts(store, onWorker);
    assert.equal(texts.length, 24771);
    assert.deepEqual(texts, await storedTexts(store, inThread));
  });

  it('reports, stores and sums up the same on a worker thread as on this one, in the same order', async () => {
    const bundle = JSON.stringify(
      { type: 'bundle', id: 'bundle--0e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', objects: [indicator, stix20] },
      null,
      2,
    );
    // Batches of 250 come from the worker in slices; among them a bad line and a changed copy.
    const many = Array.from({ length: 600 }, (_, i) =>
      i === 120 ? '{' : JSON.stringify({ ...indicator, id: `indicator--${uuid(i === 330 ? 10 : i)}` }),
    );
    const inputs: [string, number][] = [
      [
        [JSON.stringify(indicator), '{"type": "indicator", oops}', JSON.stringify(missingCreated), '42'].join(
          '\n',
        ),
        2,
      ],
      [
        `${bundle}\n${JSON.stringify({ ...indicator, name: 'changed' })}\n${JSON.stringify({ ...stix20, id: 'attack-pattern--1042a9f5-f053-4769-b3ef-9ad018dfa298', x_custom: 1 })}`,
        2,
      ],
      [`[${JSON.stringify(stix20)}, 7, {"type": ]`, 2],
      [many.join('\n').replace(`${uuid(10)}","created`, `${uuid(10)}","name":"x","created`), 250],
    ];
    const runs: unknown[][] = [];
    for (const run of [importStix, importStixBytes] as const) {
      const events: unknown[] = [];
      const collection = (await store.createCollection({ title: `same-${runs.length}` })).id;
      for (const [input, batchSize] of inputs) {
        const options: ImportOptions = {
          collection,
          batchSize,
          onRejected: (rejection) => events.push(['rejected', rejection]),
          onWarnings: (position, warnings) => events.push(['warnings', position, warnings]),
          onProgress: (summary) => events.push(['progress', { ...summary }]),
        };
        // In chunks of 7 bytes, so that elements and characters straddle chunks.
        const bytes = Buffer.from(input);
        const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) =>
          bytes.subarray(i * 7, i * 7 + 7),
        );
        const summary: ImportSummary =
          run === importStix
            ? await importStix(store, readStix(fromArray(chunks)), options)
            : await importStixBytes(store, fromArray(chunks), options);
        events.push(['summary', summary]);
      }
      runs.push(events);
    }
    const [inThread, onWorker] = runs as [unknown[], unknown[]];
    assert.ok(inThread.some((event) => JSON.stringify(event).includes('version-conflict')));
    assert.ok(inThread.some((event) => (event as unknown[])[0] === 'warnings'));
    assert.deepEqual(onWorker, inThread);
  });

  it('keeps the worker a few batches ahead of the writes, however much input is waiting', async () => {
    const lines = 5000;
    let pulled = 0;
    async function* input(): AsyncGenerator<Buffer> {
      for (let i = 0; i < lines; i++) {
        pulled++;
        yield Buffer.from(`${JSON.stringify({ ...indicator, id: `indicator--${uuid(i)}` })}\n`);
      }
    }
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let writing: () => void = () => {};
    const firstPut = new Promise<void>((resolve) => {
      writing = resolve;
    });
    let puts = 0;
    const slow = Object.create(store) as Store;
    slow.put = async (collection, records) => {
      if (++puts === 1) {
        writing();
        await gate;
      }
      return store.put(collection, records);
    };
    const collection = (await store.createCollection({ title: 'ahead' })).id;
    const done = importStixBytes(slow, input(), { collection, batchSize: 250 });
    try {
      await firstPut;
      // Time for the worker to run as far ahead as it would.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(puts, 1);
      // Four batches of 250 posted, in slices, and the two chunks asked for ahead.
      assert.ok(pulled <= 1002, `read ${pulled} lines while the first batch was being written`);
    } finally {
      release();
    }
    assert.equal((await done).added, lines);
  });

  it('stops reading and fails as the store does when a batch cannot be written', async () => {
    let closed = false;
    async function* input(): AsyncGenerator<Buffer> {
      try {
        for (let i = 0; i < 100; i++) yield Buffer.from(`${JSON.stringify(indicator)}\n`);
      } finally {
        closed = true;
      }
    }
    await assert.rejects(
      importStixBytes(store, input(), { collection: 'no-such-collection', batchSize: 10 }),
      (error) => error instanceof StoreError && error.code === 'not-found',
    );
    assert.ok(closed, 'the input was closed');
  });

  it('fails with the error of the input when reading it fails', async () => {
    async function* input(): AsyncGenerator<Buffer> {
      yield Buffer.from(`${JSON.stringify(indicator)}\n`);
      throw new Error('disk on fire');
    }
    await assert.rejects(importStixBytes(store, input(), { collection }), /disk on fire/);
  });
});

async function* fromArray(chunks: readonly Buffer[]): AsyncGenerator<Buffer> {
  yield* chunks;
}

/** A valid UUIDv4 that names test object n. */
function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
