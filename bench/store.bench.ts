// The SQLite store at a million objects: get-by-id latency, and whether a page deep in a collection
// costs what the first page does (keyset paging on date_added, never OFFSET). The store lives in a
// temp folder that is removed afterwards.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StixRecord } from '../src/stix/object.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import type { Store } from '../src/store/store.js';
import { type Bench, type Figure, median, random, seconds } from './harness.js';

const OBJECTS = 1_000_000;
const BATCH = 10_000;
const LOOKUPS = 1_000;
const PAGES = 200;
const PAGE_SIZE = 100;
const DEEP_AT = 0.9;

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Object n: three in four are indicators, the rest relationships between them. */
function objectNumber(n: number): StixRecord {
  const modified = '2024-01-01T00:00:00.000Z';
  const object =
    n % 4 === 3
      ? {
          type: 'relationship',
          spec_version: '2.1',
          id: `relationship--${uuid(n)}`,
          created: modified,
          modified,
          relationship_type: 'indicates',
          source_ref: `indicator--${uuid(n - 1)}`,
          target_ref: `malware--${uuid(n % 1000)}`,
        }
      : {
          type: 'indicator',
          spec_version: '2.1',
          id: `indicator--${uuid(n)}`,
          created: modified,
          modified,
          name: `bench indicator ${n}`,
          pattern: `[ipv4-addr:value = '10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}']`,
          pattern_type: 'stix',
          valid_from: modified,
        };
  return { object, json: JSON.stringify(object) };
}

/** Stores OBJECTS objects in big batches; returns the date_added of object number `mark`. */
async function fill(store: Store, collection: string, mark: number): Promise<string> {
  let marked = '';
  for (let start = 0; start < OBJECTS; start += BATCH) {
    const records = Array.from({ length: Math.min(BATCH, OBJECTS - start) }, (_, i) =>
      objectNumber(start + i),
    );
    const outcomes = await store.put(collection, records);
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'added') throw new Error(`fill: object ${start + i} was ${outcome.status}`);
      if (start + i === mark) marked = outcome.dateAdded;
    });
  }
  return marked;
}

/** Median seconds per page over PAGES pages of a walk that starts after `addedAfter`. */
async function pageMedian(store: Store, collection: string, addedAfter: string): Promise<number> {
  const times: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES; i++) {
    let next: string | undefined;
    times.push(
      await seconds(async () => {
        const page = await store.list(
          { collection, addedAfter },
          { limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) },
        );
        if (page.items.length !== PAGE_SIZE) throw new Error(`page ${i} has ${page.items.length} items`);
        next = page.next;
      }),
    );
    cursor = next;
  }
  return median(times);
}

export const bench: Bench = {
  name: 'store',
  async run(): Promise<Figure[]> {
    const folder = mkdtempSync(join(tmpdir(), 'dreamcatcher-store-bench-'));
    try {
      const path = join(folder, 'bench.db');
      const store = await openSqliteStore({ path });
      try {
        const collection = (await store.createCollection({ title: 'bench' })).id;
        let deepStart = '';
        const fillSeconds = await seconds(async () => {
          deepStart = await fill(store, collection, Math.floor(OBJECTS * DEEP_AT));
        });

        const pick = random(42);
        const lookups: number[] = [];
        for (let i = 0; i < LOOKUPS; i++) {
          const { object } = objectNumber(Math.floor(pick() * OBJECTS));
          lookups.push(
            await seconds(async () => {
              if ((await store.get(object.id)).length !== 1)
                throw new Error(`get ${object.id} found nothing`);
            }),
          );
        }

        // Just before the first row, and just before the row at DEEP_AT of the collection.
        const first = await pageMedian(store, collection, '2000-01-01T00:00:00Z');
        const deep = await pageMedian(store, collection, deepStart);
        const firstMs = first * 1000;
        const deepMs = deep * 1000;
        const databaseMb = statSync(path).size / 2 ** 20;
        return [
          {
            name: `fill sqlite with ${OBJECTS.toLocaleString('en-US')} objects (${databaseMb.toFixed(0)} MB)`,
            value: OBJECTS / fillSeconds,
            unit: 'objects/s',
          },
          { name: 'get by id (median of 1,000 random ids)', value: median(lookups) * 1000, unit: 'ms' },
          { name: `page of ${PAGE_SIZE} by added_after, first pages`, value: firstMs, unit: 'ms' },
          {
            name: `page of ${PAGE_SIZE} by added_after at ${DEEP_AT * 100}% (median of ${PAGES})`,
            value: deepMs,
            unit: 'ms',
            baseline: { name: `first pages (median of ${PAGES})`, value: firstMs },
            target: 'deep page within 1.5x of first page',
            met: deepMs <= firstMs * 1.5,
          },
        ];
      } finally {
        await store.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
