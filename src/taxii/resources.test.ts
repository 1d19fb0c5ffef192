import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, StoredVersion } from '../store/store.js';
import {
  collectionResource,
  collectionsResource,
  envelope,
  manifestResource,
  reportedVersion,
  versionsResource,
} from './resources.js';

function stored(id: string, version: string, dateAdded: string): StoredVersion {
  return {
    collection: 'c',
    id,
    type: id.split('--')[0] ?? '',
    version,
    specVersion: '2.1',
    dateAdded,
    revoked: false,
    json: `{"id":"${id}","modified":"${version}"}`,
  };
}

const A = stored(
  'malware--00000000-0000-4000-8000-000000000001',
  '2026-01-01T00:00:00.000Z',
  '2026-06-01T00:00:00.000001Z',
);
const SCO = stored('ipv4-addr--00000000-0000-4000-8000-000000000002', '', '2026-06-01T00:00:00.000002Z');

describe('TAXII resources', () => {
  it('leaves out empty lists and a false more (sections 2, 3.7, 5.1.1, 5.3.1, 5.8.1)', () => {
    const empty: Page = { items: [] };
    assert.equal(envelope({ objects: Buffer.alloc(0), count: 0 }).toString(), '{}');
    assert.equal(manifestResource(empty), '{}');
    assert.equal(versionsResource(empty), '{}');
    assert.equal(collectionsResource([]), '{}');
  });

  it('splices stored JSON into the envelope and adds more and next when a page follows', () => {
    const objects = Buffer.from(`${A.json},${SCO.json}`);
    assert.equal(envelope({ objects, count: 2 }).toString(), `{"objects":[${A.json},${SCO.json}]}`);
    assert.equal(
      envelope({ objects, count: 2, next: 'MTA' }).toString(),
      `{"more":true,"next":"MTA","objects":[${A.json},${SCO.json}]}`,
    );
  });

  it("writes the envelope into a page's room instead of copying the page, and copies when the room is short", () => {
    const texts = `${A.json},${SCO.json}`;
    const spaced = (room: number) => {
      // Memory of its own (Buffer.from would take a share of Buffer's pool).
      const whole = Buffer.alloc(texts.length + 2 * room, ' ');
      whole.write(texts, room);
      return {
        whole,
        page: { objects: whole.subarray(room, room + texts.length), room, count: 2, next: 'MTA' },
      };
    };
    const expected = `{"more":true,"next":"MTA","objects":[${texts}]}`;
    const roomy = spaced(64);
    const inPlace = envelope(roomy.page);
    assert.equal(inPlace.toString(), expected);
    assert.equal(inPlace.buffer, roomy.whole.buffer, 'in the same memory');
    assert.equal(inPlace.byteOffset, 64 - '{"more":true,"next":"MTA","objects":['.length);
    assert.equal(roomy.page.objects.toString(), texts, 'the objects unchanged');
    assert.equal(envelope(roomy.page).toString(), expected, 'framed again alike');
    const cramped = spaced(10);
    assert.equal(envelope(cramped.page).toString(), expected);
    assert.equal(
      cramped.whole.toString(),
      `${' '.repeat(10)}${texts}${' '.repeat(10)}`,
      'a head past the room: copied',
    );
  });

  it('reports the date_added as the version of an unversioned object', () => {
    assert.equal(reportedVersion(A), A.version);
    assert.equal(reportedVersion(SCO), SCO.dateAdded);
    assert.deepEqual(JSON.parse(manifestResource({ items: [SCO] })), {
      objects: [
        {
          id: SCO.id,
          date_added: SCO.dateAdded,
          version: SCO.dateAdded,
          media_type: 'application/stix+json;version=2.1',
        },
      ],
    });
    assert.deepEqual(JSON.parse(versionsResource({ items: [A, SCO], next: 'MTA' })), {
      more: true,
      next: 'MTA',
      versions: [A.version, SCO.dateAdded],
    });
  });

  it("describes a collection with the principal's rights, omitting an absent description", () => {
    const collection = { id: 'x', title: 'T', created: '2026-01-01T00:00:00.000Z', apiRoot: 'api1' };
    assert.deepEqual(JSON.parse(collectionResource({ collection, canRead: true, canWrite: false })), {
      id: 'x',
      title: 'T',
      can_read: true,
      can_write: false,
      media_types: ['application/stix+json;version=2.1'],
    });
  });
});
