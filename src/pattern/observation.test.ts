import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { observationsFrom20, observationsFrom21 } from './observation.js';

const base = {
  type: 'observed-data',
  id: 'observed-data--00000000-0000-4000-8000-000000000001',
  first_observed: '2020-01-01T00:00:00Z',
  last_observed: '2020-01-01T00:00:01.5Z',
  number_observed: 3,
};
const file = { type: 'file', id: 'file--00000000-0000-4000-8000-000000000002', name: 'a.exe' };
const ip = { type: 'ipv4-addr', id: 'ipv4-addr--00000000-0000-4000-8000-000000000003', value: '192.0.2.1' };
const traffic = {
  type: 'network-traffic',
  id: 'network-traffic--00000000-0000-4000-8000-000000000004',
  dst_ref: ip.id,
  protocols: ['tcp'],
};

describe('observationsFrom20', () => {
  it('keys the embedded objects by their dictionary keys', () => {
    const read = observationsFrom20([{ ...base, objects: { '0': { type: 'file', name: 'a.exe' } } }]);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(read.observations, [
      {
        id: base.id,
        firstObserved: base.first_observed,
        lastObserved: base.last_observed,
        numberObserved: 3,
        objects: { '0': { type: 'file', name: 'a.exe' } },
      },
    ]);
  });

  it('accepts a single observed-data object', () => {
    assert.equal(observationsFrom20({ ...base, objects: { '0': file } }).observations.length, 1);
  });

  it('reports each bad observed-data and keeps the good ones', () => {
    const read = observationsFrom20([
      { ...base, objects: { '0': file } },
      { ...base, id: 'observed-data--2', first_observed: 'yesterday', objects: { '0': file } },
      { ...base, id: 'observed-data--3', number_observed: 0, objects: { '0': file } },
      { ...base, id: 'observed-data--4', first_observed: '2021-01-01T00:00:00Z', objects: { '0': file } },
      { ...base, id: 'observed-data--5', objects: { '0': { name: 'no type' } } },
      { ...base, id: 'observed-data--6', objects: {} },
      { ...base, id: 'observed-data--7' },
      { type: 'indicator', id: 'indicator--8' },
      'text',
    ]);
    assert.equal(read.observations.length, 1);
    assert.deepEqual(
      read.errors.map((e) => e.message),
      [
        'observed-data--2: first_observed is not a STIX timestamp: "yesterday"',
        'observed-data--3: number_observed must be an integer of at least 1, found 0',
        'observed-data--4: first_observed is after last_observed',
        'observed-data--5: objects["0"] is not a cyber-observable object with a "type"',
        'observed-data--6: "objects" is empty',
        'observed-data--7: has neither "objects" nor "object_refs"',
        'expected type "observed-data", found "indicator"',
        'expected an observed-data object',
      ],
    );
    assert.equal(read.errors[0]?.id, 'observed-data--2');
  });
});

describe('observationsFrom21', () => {
  it('resolves object_refs within the bundle, with the SCOs those reference', () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--00000000-0000-4000-8000-000000000009',
      objects: [{ ...base, object_refs: [traffic.id] }, traffic, ip, file],
    };
    const read = observationsFrom21(bundle);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(Object.keys(read.observations[0]?.objects ?? {}).sort(), [ip.id, traffic.id].sort());
  });

  it('reads an array of bundles, each resolving its own references', () => {
    const first = { type: 'bundle', id: 'bundle--1', objects: [{ ...base, object_refs: [file.id] }, file] };
    const second = {
      type: 'bundle',
      id: 'bundle--2',
      objects: [{ ...base, id: 'observed-data--b', object_refs: [file.id] }],
    };
    const read = observationsFrom21([first, second]);
    assert.equal(read.observations.length, 1);
    assert.deepEqual(
      read.errors.map((e) => e.message),
      [`observed-data--b: object_refs names ${file.id}, which is not in the same bundle`],
    );
  });

  it('reads loose objects as one pool, and the deprecated embedded objects', () => {
    const read = observationsFrom21([
      { ...base, object_refs: [file.id] },
      file,
      { ...base, id: 'observed-data--e', objects: { '0': { type: 'file', name: 'b' } } },
    ]);
    assert.deepEqual(read.errors, []);
    assert.deepEqual(
      read.observations.map((o) => Object.keys(o.objects)),
      [[file.id], ['0']],
    );
  });

  it('rejects observed-data with both forms, or with empty object_refs', () => {
    const read = observationsFrom21([
      { ...base, object_refs: [file.id], objects: { '0': file } },
      { ...base, id: 'observed-data--x', object_refs: [] },
      file,
    ]);
    assert.deepEqual(
      read.errors.map((e) => e.message),
      [
        `${base.id}: has both "objects" and "object_refs"`,
        'observed-data--x: "object_refs" must be a non-empty list of ids',
      ],
    );
  });
});
