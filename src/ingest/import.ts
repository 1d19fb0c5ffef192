// Import: the stream of objects read from a file goes through upgrade (STIX 2.0 → 2.1) and the
// validator, and the valid ones into the store in batches. A bad object is reported and skipped;
// it never stops the import nor costs an object that was already accepted.

import { checkStixObject } from '../stix/accept.js';
import { type Issue, wholeObjectIssue } from '../stix/issue.js';
import { isPlainObject, type StixRecord } from '../stix/object.js';
import type { ReadItem } from '../stix/stream/read.js';
import type { Store } from '../store/store.js';

/** Where an object sat in the input, so a person can find it. */
export interface InputPosition {
  index: number;
  line: number;
  column: number;
}

export interface Rejection extends InputPosition {
  id?: string;
  issues: Issue[];
}

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

const DEFAULT_BATCH = 1000;
// A batch is also flushed past this many bytes of JSON, so a run of huge objects stays bounded.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

type Prepared = { ok: true; record: StixRecord; warnings: Issue[] } | { ok: false; issues: Issue[] };

/**
 * Turns one read object into a record to store, or the reasons it cannot be stored. The JSON text
 * is kept as read when it is already one line; pretty-printed or upgraded objects are stored compact.
 */
export function prepare(value: unknown, text: string): Prepared {
  const { object, upgraded, issues } = checkStixObject(value);
  if (object === undefined) return { ok: false, issues };
  const json = upgraded || text.includes('\n') ? JSON.stringify(object) : text;
  return { ok: true, record: { object, json }, warnings: issues };
}

export async function importStix(
  store: Store,
  items: AsyncIterable<ReadItem>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary: ImportSummary = { read: 0, added: 0, unchanged: 0, rejected: 0, warnings: 0 };
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let batch: StixRecord[] = [];
  let positions: InputPosition[] = [];
  let batchBytes = 0;

  const reject = (rejection: Rejection) => {
    summary.rejected++;
    options.onRejected?.(rejection);
  };

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await store.put(options.collection, batch);
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'added') summary.added++;
      else if (outcome.status === 'unchanged') summary.unchanged++;
      else {
        const id = (batch[i] as StixRecord).object.id;
        reject({
          ...(positions[i] as InputPosition),
          id,
          issues: [wholeObjectIssue('error', 'version-conflict', outcome.message, id)],
        });
      }
    });
    batch = [];
    positions = [];
    batchBytes = 0;
    options.onProgress?.(summary);
  };

  for await (const item of items) {
    summary.read++;
    const position = { index: item.index, line: item.line, column: item.column };
    if (item.kind === 'error') {
      reject({ ...position, issues: [wholeObjectIssue('error', item.code, item.message)] });
      continue;
    }
    const prepared = prepare(item.value, item.text);
    if (!prepared.ok) {
      const id = isPlainObject(item.value) && typeof item.value.id === 'string' ? item.value.id : undefined;
      reject({ ...position, ...(id === undefined ? {} : { id }), issues: prepared.issues });
      continue;
    }
    if (prepared.warnings.length > 0) {
      summary.warnings += prepared.warnings.length;
      options.onWarnings?.({ ...position, id: prepared.record.object.id }, prepared.warnings);
    }
    batch.push(prepared.record);
    positions.push(position);
    batchBytes += prepared.record.json.length;
    if (batch.length >= batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  return summary;
}
