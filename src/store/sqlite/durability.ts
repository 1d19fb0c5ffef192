// A crash test for any backend: a child process imports numbered batches and prints each batch
// number once put() has resolved; the parent kills it with SIGKILL mid-import, reopens the store
// and checks that every acknowledged batch is there byte for byte and that no batch is half there.
// The child (durability-writer.ts) takes a SQLite path or a database URL, so a PostgreSQL test can
// call checkDurability with its own URL and opener.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StixRecord } from '../../stix/object.js';
import type { Store } from '../store.js';

export const DURABILITY_BATCH_SIZE = 400;
export const DURABILITY_MAX_BATCHES = 10_000;

/** The objects of batch `batch`, the same in the child that writes and the parent that checks. */
export function durabilityBatch(batch: number): StixRecord[] {
  return Array.from({ length: DURABILITY_BATCH_SIZE }, (_, i) => {
    const object = {
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${batch.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: `batch ${batch} object ${i}`,
      // Padding makes a batch span many pages, so a kill lands inside a transaction's writes.
      description: `durability check ${batch}/${i} `.repeat(20),
      pattern: `[ipv4-addr:value = '10.${batch & 255}.${i >> 8}.${i & 255}']`,
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
      x_batch: batch,
    };
    return { object, json: JSON.stringify(object) };
  });
}

export interface DurabilityOptions {
  /** What the writer opens: a SQLite file path or a postgres:// URL. */
  target: string;
  /** Opens the same store in this process. */
  open: () => Promise<Store>;
  /** Kill-and-check rounds on the same store; each round writes new batch numbers. */
  rounds?: number;
}

export interface DurabilityReport {
  acknowledged: number;
  /** Batches found complete in the store, acknowledged or not (a commit may beat its ack). */
  present: number;
}

// Where the kill lands in the time of one batch after the last counted ack, one per round.
const KILL_FRACTIONS = [0.5, 0.2, 0.8];

const WRITER = fileURLToPath(new URL('./durability-writer.js', import.meta.url));

/**
 * Runs the writer from batch `firstBatch` on and, after `killAfter` acks, kills it `fraction` of
 * the mean time between acks later, so that the kill lands inside the writing of a later batch
 * rather than just after an ack. Returns the acknowledged batch numbers.
 */
async function writeUntilKilled(
  target: string,
  collection: string,
  run: { firstBatch: number; killAfter: number; fraction: number },
): Promise<number[]> {
  const child = spawn(process.execPath, [WRITER, target, collection, String(run.firstBatch)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const acknowledged: number[] = [];
  const started = performance.now();
  for await (const line of createInterface({ input: child.stdout })) {
    acknowledged.push(Number(line));
    if (acknowledged.length === run.killAfter) {
      const meanInterval = (performance.now() - started) / run.killAfter;
      setTimeout(() => child.kill('SIGKILL'), meanInterval * run.fraction);
    }
  }
  const end = await exited;
  assert.equal(end, 'SIGKILL', `the writer ended with ${String(end)} before it was killed: ${stderr}`);
  return acknowledged;
}

/** Groups what the store holds by x_batch, checking each object against what was written. */
async function batchesPresent(store: Store, collection: string): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const written = new Map<number, StixRecord[]>();
  const expected = (batch: number) => {
    let records = written.get(batch);
    if (records === undefined) {
      records = durabilityBatch(batch);
      written.set(batch, records);
    }
    return records;
  };
  let cursor: string | undefined;
  do {
    const page = await store.list(
      { collection, versions: ['all'] },
      { limit: 1000, ...(cursor === undefined ? {} : { cursor }) },
    );
    for (const item of page.items) {
      const batch = (JSON.parse(item.json) as { x_batch: number }).x_batch;
      const index = Number.parseInt(item.id.slice(-12), 16);
      assert.equal(item.json, expected(batch)[index]?.json, `${item.id} is intact`);
      counts.set(batch, (counts.get(batch) ?? 0) + 1);
    }
    cursor = page.next;
  } while (cursor !== undefined);
  return counts;
}

export async function checkDurability(options: DurabilityOptions): Promise<DurabilityReport> {
  const setup = await options.open();
  const collection = (await setup.createCollection({ title: `durability ${Date.now()}` })).id;
  await setup.close();

  const acknowledged = new Set<number>();
  let present = 0;
  const rounds = options.rounds ?? 3;
  for (let round = 0; round < rounds; round++) {
    const acked = await writeUntilKilled(options.target, collection, {
      firstBatch: round * DURABILITY_MAX_BATCHES,
      killAfter: 3 + round * 4,
      fraction: KILL_FRACTIONS[round % KILL_FRACTIONS.length] as number,
    });
    for (const batch of acked) acknowledged.add(batch);

    const store = await options.open();
    try {
      const counts = await batchesPresent(store, collection);
      for (const [batch, count] of counts) {
        assert.equal(
          count,
          DURABILITY_BATCH_SIZE,
          `batch ${batch} is whole, not ${count} of ${DURABILITY_BATCH_SIZE}`,
        );
      }
      for (const batch of acknowledged)
        assert.ok(counts.has(batch), `acknowledged batch ${batch} is present`);
      present = counts.size;
    } finally {
      await store.close();
    }
  }
  return { acknowledged: acknowledged.size, present };
}
