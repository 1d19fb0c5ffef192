// Add Objects (section 5.5): every object of the envelope is validated as `dreamcatcher validate`
// would, the valid ones are stored in one atomic batch, and the status resource says what became
// of each. The status and the audit entry are written in the batch's own transaction (put's
// follow-up, add-objects-follow-up.ts), so they commit with the objects, and the status is
// answered only once the store acknowledged that commit: a success in it is durable.

import type { Principal } from '../access/principal.js';
import { checkStixObject } from '../stix/accept.js';
import type { Issue } from '../stix/issue.js';
import { isPlainObject, type StixObject, type StixRecord } from '../stix/object.js';
import type { PutOutcome, Store } from '../store/store.js';
import { type AddObjectsFollowUp, addObjectsFollowUp, clip, statusOf } from './add-objects-follow-up.js';
import { TaxiiError } from './errors.js';
import type { StatusDetail, StatusResource } from './status.js';

export interface AddOptions {
  store: Store;
  collection: string;
  /** The API root the collection is served under: the status can be read there only. */
  apiRoot: string;
  /** Who asks: the status is its organisation's to read, and the audit entry names it. */
  principal: Principal;
  /** The status resource's id and request_timestamp. */
  status: { id: string; request_timestamp: string };
  /**
   * Why the requester may not store this object (it claims another organisation as its author),
   * or undefined when it may.
   */
  refuseAuthor: (object: StixObject) => Promise<string | undefined>;
}

/** The objects of a request body that must be an envelope (section 3.7). */
export function envelopeObjects(body: unknown): unknown[] {
  if (!isPlainObject(body)) {
    throw new TaxiiError(
      400,
      'bad-envelope',
      'the request body must be a TAXII envelope: a JSON object with "objects"',
    );
  }
  const objects = body.objects;
  if (objects === undefined) return [];
  if (!Array.isArray(objects)) {
    throw new TaxiiError(400, 'bad-envelope', 'the envelope\'s "objects" must be a list of STIX objects');
  }
  return objects;
}

function versionOf(value: unknown): string {
  if (!isPlainObject(value)) return '';
  const version = value.modified ?? value.created;
  return typeof version === 'string' ? version : '';
}

function idOf(value: unknown, index: number): string {
  return isPlainObject(value) && typeof value.id === 'string' ? value.id.slice(0, 300) : `objects[${index}]`;
}

/** An issue as the status message names it: code, JSON path and text, as the CLI prints it. */
function describe(issue: Issue): string {
  return `[${issue.code}] ${issue.path}: ${issue.message}`;
}

/**
 * Stores the valid objects of an envelope, and answers the status of the request. Empties
 * `objects` once they are checked: an async function keeps its locals alive across an await, as
 * its callers keep theirs, so the parsed objects of every request waiting for its commit were
 * alive until the commit and were copied by each young-generation garbage collection in between
 * (survivors 5.6 -> 3.9 MB a collection, pauses a quarter shorter, docs/benchmarks.md session 7).
 */
export async function addObjects(objects: unknown[], options: AddOptions): Promise<StatusResource> {
  const { data, outcomes } = await checkAndPut(objects, options);
  return statusOf(data, await outcomes);
}

/** Checks the objects and submits the valid ones; returns before the commit, its frame gone with the records. */
async function checkAndPut(
  objects: unknown[],
  options: AddOptions,
): Promise<{ data: AddObjectsFollowUp; outcomes: Promise<PutOutcome[]> }> {
  const failures: StatusDetail[] = [];
  const details: StatusDetail[] = [];
  const records: StixRecord[] = [];
  for (const [index, value] of objects.entries()) {
    const detail: StatusDetail = { id: idOf(value, index), version: versionOf(value) };
    const checked = checkStixObject(value);
    if (checked.object === undefined) {
      const errors = checked.issues.filter((issue) => issue.severity === 'error');
      failures.push({ ...detail, message: clip(errors.map(describe).join('; ')) });
      continue;
    }
    const refusal = await options.refuseAuthor(checked.object);
    if (refusal !== undefined) {
      failures.push({ ...detail, message: clip(refusal) });
      continue;
    }
    records.push({ object: checked.object, json: JSON.stringify(checked.object) });
    details.push(detail);
  }
  objects.length = 0;
  const data: AddObjectsFollowUp = {
    principal: options.principal,
    collection: options.collection,
    apiRoot: options.apiRoot,
    status: options.status,
    details,
    failures,
  };
  const outcomes = options.store.put(options.collection, records, { followUp: addObjectsFollowUp(data) });
  // Handled here as well as where the caller awaits it, so that an await put between the two
  // cannot make a rejection unhandled.
  outcomes.catch(() => {});
  return { data, outcomes };
}
