import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { StixObject } from '../stix/object.js';
import { TLP_GREEN } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { type ExportOptions, exportStix } from './export.js';

function tool(n: number, modified: string, marked: boolean): StixObject {
  return {
    type: 'tool',
    spec_version: '2.1',
    id: `tool--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    name: `tool ${n}`,
    // Named in the description too, so the quick text check alone would let it through.
    description: marked ? 'shared' : `not marked, though it mentions ${TLP_GREEN.id}`,
    ...(marked ? { object_marking_refs: [TLP_GREEN.id] } : {}),
  };
}

async function exported(store: Store, options: ExportOptions): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportStix(store, out, { pageSize: 2, ...options });
  return Buffer.concat(chunks).toString('utf8');
}

describe('exportStix', () => {
  let dir: string;
  let store: Store;
  let middle: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-export-'));
    store = await openStore({ dataDir: dir });
    const collection = (await store.createCollection({ title: 'c' })).id;
    const put = (objects: StixObject[]) =>
      store.put(
        collection,
        objects.map((object) => ({ object, json: JSON.stringify(object) })),
      );
    await put([tool(1, '2026-01-01T00:00:00.000Z', true), tool(2, '2026-01-01T00:00:00.000Z', false)]);
    middle = (await store.get(tool(2, '', false).id))[0]?.dateAdded as string;
    await put([tool(3, '2026-01-01T00:00:00.000Z', true), tool(1, '2026-02-01T00:00:00.000Z', true)]);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a bundle of the latest versions across pages', async () => {
    const bundle = JSON.parse(await exported(store, { query: {}, format: 'bundle' })) as {
      type: string;
      objects: StixObject[];
    };
    assert.equal(bundle.type, 'bundle');
    assert.deepEqual(
      bundle.objects.map((o) => `${o.name} ${o.modified}`),
      [
        'tool 2 2026-01-01T00:00:00.000Z',
        'tool 3 2026-01-01T00:00:00.000Z',
        'tool 1 2026-02-01T00:00:00.000Z',
      ],
    );
  });

  it('filters by marking, by added_after and by version, as JSON Lines', async () => {
    const marked = (await exported(store, { query: {}, format: 'jsonl', marking: TLP_GREEN.id }))
      .trim()
      .split('\n');
    assert.deepEqual(
      marked.map((line) => (JSON.parse(line) as StixObject).name),
      ['tool 3', 'tool 1'],
    );
    const later = (await exported(store, { query: { addedAfter: middle }, format: 'jsonl' }))
      .trim()
      .split('\n');
    assert.equal(later.length, 2);
    const all = (await exported(store, { query: { versions: ['all'] }, format: 'jsonl' })).trim().split('\n');
    assert.equal(all.length, 4);
  });

  it('writes an empty bundle when nothing matches', async () => {
    const bundle = JSON.parse(await exported(store, { query: { types: ['malware'] }, format: 'bundle' }));
    assert.deepEqual(bundle.objects, []);
  });
});
