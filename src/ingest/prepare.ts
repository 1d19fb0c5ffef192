// The part of an import that never touches the store: each read object goes through upgrade
// (STIX 2.0 → 2.1) and the validator, and the valid ones become store rows, gathered in batches.
// It runs on the importing thread or on a worker thread (prepare.worker.ts) alike: what it yields
// holds only plain data, which crosses a thread boundary by structured clone.

import { checkStixObject } from '../stix/accept.js';
import { type Issue, wholeObjectIssue } from '../stix/issue.js';
import { isPlainObject } from '../stix/object.js';
import type { ReadItem } from '../stix/stream/read.js';
import { rowOf } from '../store/common.js';
import type { NewRow } from '../store/store.js';
import { compactJson } from './compact-json.js';

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

/**
 * What preparation hands the writer, in input order: rejections and warnings as they are found,
 * and the rows of each batch, in one step or several, the last of which says to write it. The
 * last step always ends a batch, possibly empty, and counts whatever was read after the one before.
 */
export type ImportStep =
  | { kind: 'rejected'; rejection: Rejection }
  | { kind: 'warnings'; position: InputPosition & { id: string }; warnings: Issue[] }
  | {
      kind: 'rows';
      /** Rows for the batch being gathered. */
      rows: NewRow[];
      /** Where each row's object sat in the input. */
      positions: InputPosition[];
      /** Objects read, good or bad, since the step before. */
      read: number;
      /** Warnings on these rows. */
      warnings: number;
      /** Whether the batch is complete, to be written. */
      write: boolean;
    };

export interface PrepareOptions {
  /** Objects per batch. */
  batchSize: number;
  /** Rows per step, when a batch is to come in several; a whole batch by default. */
  sliceSize?: number;
  /** Whether to yield the warnings themselves; they are always counted. */
  warnings: boolean;
}

export const DEFAULT_BATCH = 1000;
// A batch is also cut past this many bytes of JSON, so a run of huge objects stays bounded.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;

type Prepared = { ok: true; row: NewRow; warnings: Issue[] } | { ok: false; issues: Issue[] };

/**
 * Turns one read object into the row to store, or the reasons it cannot be stored. The JSON text
 * is kept as read when it is already one line; pretty-printed or upgraded objects are stored as
 * JSON.stringify writes them.
 */
function prepare(value: unknown, text: string): Prepared {
  const { object, upgraded, issues } = checkStixObject(value);
  if (object === undefined) return { ok: false, issues };
  let json = text;
  if (upgraded) json = JSON.stringify(object);
  else if (text.includes('\n')) json = compactJson(text, object) ?? JSON.stringify(object);
  return { ok: true, row: rowOf({ object, json }), warnings: issues };
}

export async function* prepareImport(
  items: AsyncIterable<ReadItem>,
  options: PrepareOptions,
): AsyncGenerator<ImportStep> {
  let rows: NewRow[] = [];
  let positions: InputPosition[] = [];
  let read = 0;
  let warnings = 0;
  let batchRows = 0;
  let batchBytes = 0;
  const slice = (write: boolean): ImportStep => {
    const step: ImportStep = { kind: 'rows', rows, positions, read, warnings, write };
    rows = [];
    positions = [];
    read = 0;
    warnings = 0;
    if (write) {
      batchRows = 0;
      batchBytes = 0;
    }
    return step;
  };

  for await (const item of items) {
    read++;
    const position = { index: item.index, line: item.line, column: item.column };
    if (item.kind === 'error') {
      const issues = [wholeObjectIssue('error', item.code, item.message)];
      yield { kind: 'rejected', rejection: { ...position, issues } };
      continue;
    }
    const prepared = prepare(item.value, item.text);
    if (!prepared.ok) {
      const id = isPlainObject(item.value) && typeof item.value.id === 'string' ? item.value.id : undefined;
      const rejection = { ...position, ...(id === undefined ? {} : { id }), issues: prepared.issues };
      yield { kind: 'rejected', rejection };
      continue;
    }
    if (prepared.warnings.length > 0) {
      warnings += prepared.warnings.length;
      if (options.warnings) {
        const where = { ...position, id: prepared.row.id };
        yield { kind: 'warnings', position: where, warnings: prepared.warnings };
      }
    }
    rows.push(prepared.row);
    positions.push(position);
    batchRows++;
    batchBytes += prepared.row.json.length;
    if (batchRows >= options.batchSize || batchBytes >= MAX_BATCH_BYTES) yield slice(true);
    else if (rows.length >= (options.sliceSize ?? options.batchSize)) yield slice(false);
  }
  yield slice(true);
}
