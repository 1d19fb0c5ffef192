// Behaviour of validateObject beyond the golden files: paths, object ids, and warnings.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateObject } from './index.js';

const base = {
  type: 'malware',
  spec_version: '2.1',
  id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b',
  created: '2016-04-06T20:07:09.000Z',
  modified: '2016-04-06T20:07:09.000Z',
  name: 'Poison Ivy',
  is_family: true,
};

function issuesOf(value: unknown): Array<[string, string, string]> {
  return validateObject(value).map((issue) => [issue.severity, issue.code, issue.path]);
}

describe('validateObject', () => {
  it('accepts a valid object with no issues', () => {
    assert.deepEqual(validateObject(base), []);
  });

  it('gives JSONPaths into lists and quotes keys that are not identifiers', () => {
    const value = {
      ...base,
      external_references: [
        { source_name: 'acme', url: 'https://example.com' },
        { description: 'no source' },
      ],
      extensions: { 'x-acme-ext': {} },
    };
    assert.deepEqual(issuesOf(value), [
      ['error', 'required-property-missing', '$.external_references[1].source_name'],
      ['error', 'extension-name-invalid', '$.extensions["x-acme-ext"]'],
    ]);
  });

  it('sets objectId when the id can be read, even if it is malformed', () => {
    const [issue] = validateObject({ ...base, id: 'malware--1234' });
    assert.equal(issue?.code, 'id-invalid');
    assert.equal(issue?.objectId, 'malware--1234');
    const [missing] = validateObject({ ...base, id: undefined });
    assert.equal(missing?.code, 'required-property-missing');
    assert.equal(missing?.objectId, undefined);
  });

  it('reports values outside open vocabularies as warnings, outside enumerations as errors', () => {
    assert.deepEqual(issuesOf({ ...base, malware_types: ['trojan', 'cryptominer'] }), [
      ['warning', 'vocab-value-unknown', '$.malware_types[1]'],
    ]);
    const socket = { address_family: 'AF_SPACE' };
    const traffic = {
      type: 'network-traffic',
      id: 'network-traffic--59d8852c-0c68-5e0c-8ae2-f3c46bd7b1df',
      src_ref: 'ipv4-addr--9cf4a8ec-7640-5f40-a006-79942896168b',
      protocols: ['tcp'],
      extensions: { 'socket-ext': socket },
    };
    assert.deepEqual(issuesOf(traffic), [
      ['error', 'enum-value-invalid', '$.extensions["socket-ext"].address_family'],
    ]);
  });

  it('warns about custom properties, their prefix, and custom object types', () => {
    assert.deepEqual(issuesOf({ ...base, x_acme_score: 3, acme_rank: 1 }), [
      ['warning', 'custom-property-prefix', '$.acme_rank'],
      ['warning', 'custom-property-deprecated', '$'],
    ]);
    const custom = { type: 'acme-widget', id: 'acme-widget--4527e5de-8572-446a-a57a-706f15467461', size: 3 };
    assert.deepEqual(issuesOf(custom), [
      ['warning', 'custom-object-deprecated', '$.type'],
      ['warning', 'custom-type-prefix', '$.type'],
    ]);
  });

  it('accepts deprecated custom extensions on SCOs only, with a warning', () => {
    const file = {
      type: 'file',
      id: 'file--9a1f834d-2506-5367-baec-7aa63996ac43',
      name: 'foo.zip',
      extensions: { 'x-acme-zip-ext': { entries: 3 } },
    };
    assert.deepEqual(issuesOf(file), [
      ['warning', 'custom-extension-deprecated', '$.extensions["x-acme-zip-ext"]'],
    ]);
    assert.deepEqual(issuesOf({ ...base, extensions: file.extensions }), [
      ['error', 'extension-name-invalid', '$.extensions["x-acme-zip-ext"]'],
    ]);
  });

  it('does not warn about properties a toplevel-property-extension declares', () => {
    const extended = {
      ...base,
      rank: 1,
      extensions: {
        'extension-definition--71736db5-10db-43d3-b0e3-65cf81601fe1': {
          extension_type: 'toplevel-property-extension',
        },
      },
    };
    assert.deepEqual(validateObject(extended), []);
  });

  it('requires the common properties of a versioned custom object', () => {
    const custom = {
      type: 'x-acme-widget',
      id: 'x-acme-widget--4527e5de-8572-446a-a57a-706f15467461',
      created: base.created,
    };
    const errors = validateObject(custom).filter((issue) => issue.severity === 'error');
    assert.deepEqual(
      errors.map((issue) => issue.path),
      ['$.spec_version', '$.modified'],
    );
  });

  it('warns about relationship types the specification does not define', () => {
    const relationship = {
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e',
      created: base.created,
      modified: base.modified,
      relationship_type: 'subtechnique-of',
      source_ref: 'attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
      target_ref: 'attack-pattern--7e33a43e-e34b-40ec-89da-36c9bb2cacd5',
    };
    assert.deepEqual(issuesOf(relationship), [
      ['warning', 'relationship-type-unknown', '$.relationship_type'],
    ]);
    assert.deepEqual(
      issuesOf({ ...relationship, target_ref: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da' }),
      [
        ['error', 'ref-type-not-allowed', '$.target_ref'],
        ['warning', 'relationship-type-unknown', '$.relationship_type'],
      ],
    );
  });

  it('reports a value that is not an object', () => {
    assert.deepEqual(issuesOf('malware'), [['error', 'not-an-object', '$']]);
  });
});
