// A running hunter and TAXII's Delete: an indicator deleted over TAXII stops matching at the
// hunter's next refresh, and an older version still stored takes its place. (Here, in the
// surface, because it needs the server's routes and a hunter on the same store.)

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory, type Organisation } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import { Hunter } from '../hunt/hunter.js';
import { dnsLookup } from '../observe/fixtures.js';
import type { StixObject } from '../stix/object.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

const TAXII = 'application/taxii+json;version=2.1';
const ID = 'indicator--5a7c1e4e-0000-4000-8000-000000000001';

function version(modified: string, domain: string, author: string): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: ID,
    created: '2026-01-01T00:00:00.000Z',
    modified,
    created_by_ref: author,
    name: 'C2 domain',
    pattern: `[domain-name:value = '${domain}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
  };
}

let line = 0;
const dns = (domain: string) => dnsLookup(domain, ++line);

describe('a hunter after a TAXII Delete', () => {
  let dir: string;
  let store: Store;
  let directory: Directory;
  let app: FastifyInstance;
  let org: Organisation;
  let collection: string;
  let token: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-hunt-delete-'));
    store = await openStore({ dataDir: dir });
    directory = new Directory(store);
    org = await directory.createOrg(SYSTEM, 'ACME');
    collection = (
      await directory.createCollection(SYSTEM, {
        title: 'intel',
        grants: [{ org: org.id, read: true, write: true, red: false }],
      })
    ).collection.id;
    token = (await directory.createUser(SYSTEM, { name: 'ana', org: org.id, role: 'analyst' })).token;
    const author = org.identity.id as string;
    const versions = [
      version('2026-01-01T00:00:00.000Z', 'old.example', author),
      version('2026-02-01T00:00:00.000Z', 'new.example', author),
    ];
    await store.put(
      collection,
      versions.map((object) => ({ object, json: JSON.stringify(object) })),
    );
    app = await buildServer({ store, directory, logLevel: 'silent' });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function remove(query: string): Promise<void> {
    const res = await app.inject({
      method: 'DELETE',
      url: `/api1/collections/${collection}/objects/${ID}/${query}`,
      headers: { accept: TAXII, authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 200, res.body);
  }

  it('runs the version left when the newest is deleted, and nothing once all are', async () => {
    const hunter = await Hunter.open({
      store,
      directory,
      org,
      record: false,
      windowMs: 60_000,
      outputs: [],
      materialize: () => [],
    });
    assert.equal(hunter.push(dns('new.example')).length, 1);
    assert.equal(hunter.push(dns('old.example')).length, 0);

    await remove('?match[version]=last');
    await hunter.refresh();
    assert.equal(hunter.push(dns('new.example')).length, 0, 'the deleted version no longer runs');
    assert.equal(hunter.push(dns('old.example')).length, 1, 'the version left runs instead');

    await remove('');
    const report = await hunter.refresh();
    assert.equal(report.removed, 1);
    assert.equal(hunter.push(dns('old.example')).length, 0);
    assert.equal(hunter.stats.indicators, 0);
  });
});
