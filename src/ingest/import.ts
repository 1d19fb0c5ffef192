// Import: the stream of objects read from a file goes through upgrade (STIX 2.0 → 2.1) and the
// validator (prepare.ts), and the valid ones into the store in batches. A bad object is reported
// and skipped; it never stops the import nor costs an object that was already accepted.
//
// importStixBytes prepares on a worker thread while this one writes, so the two overlap; importStix
// does both in turn on this thread, for a caller that already has read items.

import { type Issue, wholeObjectIssue } from '../stix/issue.js';
import type { ReadItem } from '../stix/stream/read.js';
import type { NewRow, Store } from '../store/store.js';
import {
  DEFAULT_BATCH,
  type ImportStep,
  type InputPosition,
  type PrepareOptions,
  prepareImport,
  type Rejection,
} from './prepare.js';
import { prepareOnWorker } from './prepare-on-worker.js';

export type { InputPosition, Rejection } from './prepare.js';

export interface ImportSummary {
  read: number;
  added: number;
  unchanged: number;
  rejected: number;
  warnings: number;
}

export interface ImportOptions {
  collection: string;
  /** Objects per store transaction. */
  batchSize?: number;
  onRejected?: (rejection: Rejection) => void;
  onWarnings?: (position: InputPosition & { id: string }, warnings: Issue[]) => void;
  onProgress?: (summary: Readonly<ImportSummary>) => void;
}

/** Imports the objects of read items, preparing and writing them in turn on this thread. */
export function importStix(
  store: Store,
  items: AsyncIterable<ReadItem>,
  options: ImportOptions,
): Promise<ImportSummary> {
  return write(store, prepareImport(items, prepareOptions(options)), options);
}

/**
 * Imports STIX content (what readStix accepts) from its bytes, reading, validating and preparing
 * on a worker thread while this thread writes. Reports, outcomes and summary are those importStix
 * gives for readStix(chunks), in the same order. Chunks are handed over: the source must not use
 * one again once it has yielded it (see prepareOnWorker).
 */
export function importStixBytes(
  store: Store,
  chunks: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportSummary> {
  return write(store, prepareOnWorker(chunks, prepareOptions(options)), options);
}

function prepareOptions(options: ImportOptions): PrepareOptions {
  return { batchSize: options.batchSize ?? DEFAULT_BATCH, warnings: options.onWarnings !== undefined };
}

async function write(
  store: Store,
  steps: AsyncIterable<ImportStep>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, added: 0, unchanged: 0, rejected: 0, warnings: 0 };
  const reject = (rejection: Rejection) => {
    summary.rejected++;
    options.onRejected?.(rejection);
  };

  let rows: NewRow[] = [];
  let positions: InputPosition[] = [];
  for await (const step of steps) {
    if (step.kind === 'rejected') {
      reject(step.rejection);
      continue;
    }
    if (step.kind === 'warnings') {
      options.onWarnings?.(step.position, step.warnings);
      continue;
    }
    summary.read += step.read;
    summary.warnings += step.warnings;
    // A batch comes in slices: gathered in place, not copied again with each slice.
    for (const row of step.rows) rows.push(row);
    for (const position of step.positions) positions.push(position);
    if (!step.write || rows.length === 0) continue;
    const outcomes = await store.put(options.collection, rows);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'added') summary.added++;
      else if (outcome.status === 'unchanged') summary.unchanged++;
      else {
        const { id } = rows[i] as NewRow;
        const position = positions[i] as InputPosition;
        reject({
          ...position,
          id,
          issues: [wholeObjectIssue('error', 'version-conflict', outcome.message, id)],
        });
      }
    });
    rows = [];
    positions = [];
    options.onProgress?.(summary);
  }
  return summary;
}
