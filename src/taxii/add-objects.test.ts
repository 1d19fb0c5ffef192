// What Add Objects does with the envelope's objects while their commit is awaited.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StixRecord } from '../stix/object.js';
import type { PutOutcome, Store } from '../store/store.js';
import { addObjects } from './add-objects.js';

function indicator(n: number) {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    pattern: "[ipv4-addr:value = '10.0.0.1']",
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
  };
}

describe('addObjects', () => {
  // Bounded: a change that never reaches put would otherwise leave the wait below spinning.
  it('lets go of the parsed objects before the commit is awaited, and answers once it is', {
    timeout: 10_000,
  }, async () => {
    let submitted: readonly StixRecord[] = [];
    let acknowledge: (outcomes: PutOutcome[]) => void = () => {};
    const store = {
      put: (_collection: string, records: readonly StixRecord[]) => {
        submitted = records;
        return new Promise<PutOutcome[]>((resolve) => {
          acknowledge = resolve;
        });
      },
    } as unknown as Store;
    const objects: unknown[] = [indicator(1), { type: 'indicator' }, indicator(2)];
    const answer = addObjects(objects, {
      store,
      collection: 'c',
      apiRoot: 'api1',
      principal: { kind: 'system' },
      status: { id: 's', request_timestamp: '2026-01-01T00:00:00.000000Z' },
      refuseAuthor: async () => undefined,
    });
    // Wait for the checks (awaits between objects) to hand the valid ones to the store.
    while (submitted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(objects, [], 'the envelope is emptied while the commit runs');
    assert.deepEqual(
      submitted.map((record) => record.object.id),
      [indicator(1).id, indicator(2).id],
    );
    acknowledge([
      { status: 'added', dateAdded: '2026-01-01T00:00:00.000001Z' },
      { status: 'added', dateAdded: '2026-01-01T00:00:00.000002Z' },
    ]);
    const status = await answer;
    assert.equal(status.success_count, 2);
    assert.equal(status.failure_count, 1);
  });
});
