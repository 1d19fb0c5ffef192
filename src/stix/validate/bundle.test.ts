import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateBundle } from './index.js';

const identity = {
  type: 'identity',
  spec_version: '2.1',
  id: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  created: '2016-04-06T20:03:00.000Z',
  modified: '2016-04-06T20:03:00.000Z',
  name: 'ACME',
};
const bundleId = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d';

describe('validateBundle', () => {
  it('accepts a valid bundle', () => {
    assert.deepEqual(validateBundle({ type: 'bundle', id: bundleId, objects: [identity] }), []);
  });

  it('reports object issues with paths from the bundle root and the object id', () => {
    const broken = {
      ...identity,
      id: 'identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e',
      created: 'yesterday',
    };
    const issues = validateBundle({ type: 'bundle', id: bundleId, objects: [identity, broken] });
    assert.deepEqual(
      issues.map((issue) => [issue.code, issue.path, issue.objectId]),
      [['timestamp-invalid', '$.objects[1].created', broken.id]],
    );
  });

  it('reports a wrong type, spec_version on the bundle and a nested bundle', () => {
    const nested = { type: 'bundle', id: bundleId };
    const issues = validateBundle({ type: 'report', id: bundleId, spec_version: '2.1', objects: [nested] });
    assert.deepEqual(
      issues.map((issue) => [issue.code, issue.path]),
      [
        ['not-a-bundle', '$.type'],
        ['property-not-applicable', '$.spec_version'],
        ['bundle-not-a-stix-object', '$.objects[0].type'],
      ],
    );
  });

  it('requires an id of type bundle and refuses an empty objects list', () => {
    const issues = validateBundle({ type: 'bundle', id: identity.id, objects: [] });
    assert.deepEqual(
      issues.map((issue) => issue.code),
      ['id-type-mismatch', 'list-empty'],
    );
  });

  it('reports a value that is not an object', () => {
    assert.deepEqual(
      validateBundle([identity]).map((issue) => [issue.code, issue.path]),
      [['not-an-object', '$']],
    );
  });
});
