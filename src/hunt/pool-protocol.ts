// The messages between a hunt pool (pool.ts) and its worker threads (pool-worker.ts). Everything
// here crosses the thread boundary by structured clone: plain data only.

import type { Detection, TemporalChange } from '../detect/detector.js';
import type { RefreshReport } from '../detect/indicator-feed.js';
import type { ObservedEvent } from '../observe/event.js';
import type { ReadEventsOptions } from '../observe/read-events.js';
import type { OpenStoreOptions } from '../store/open.js';
import type { Scope } from '../store/store.js';
import type { LineBatch } from './line-batches.js';

export interface WorkerSetup {
  /** Where the store is: the worker opens a connection of its own. */
  store: OpenStoreOptions;
  /** What the hunting organisation may see. */
  scopes: Scope[];
  /** Whether this worker reports the changes to its temporal indicators (one worker does). */
  mirror: boolean;
}

/** How a source's lines are read: readEvents' options, the format known. */
export type SourceOptions = Pick<ReadEventsOptions, 'source' | 'mapping'> & {
  format: string;
  maxLineLength: number;
};

export type ToWorker =
  | { kind: 'refresh' }
  | { kind: 'begin'; key: number; options: SourceOptions }
  /** Lines of source `key`, as bytes (line-batches.ts). */
  | { kind: 'lines'; key: number; batch: LineBatch }
  | { kind: 'end'; key: number }
  | { kind: 'close' };

/** What a batch of lines gave besides a count of events, in the order of its lines. */
export type BatchEntry =
  | { kind: 'error'; line: number; message: string }
  | { kind: 'detections'; detections: Detection[] }
  /** An event that feeds a temporal indicator: the pool's owner runs it through them. */
  | { kind: 'temporal'; event: ObservedEvent };

export type FromWorker =
  | { kind: 'refreshed'; report: RefreshReport; indicators: number; temporal: TemporalChange[] }
  | {
      kind: 'read';
      events: number;
      entries: BatchEntry[];
      evaluationErrors: { indicatorId: string; message: string }[];
    }
  | { kind: 'failed'; message: string }
  | { kind: 'closed' };
