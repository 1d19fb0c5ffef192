// Access over HTTP end to end: credentials, rights per collection, TLP audiences, authorship, the
// status of an add, rate limits. The exhaustive no-leak check is the property test (leak.test.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Directory, type Organisation } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { StixObject } from '../stix/object.js';
import { TLP_AMBER, TLP_CLEAR, TLP_GREEN, TLP_RED } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildServer } from './app.js';

const TAXII = 'application/taxii+json;version=2.1';

function indicator(n: number, marking: string | undefined, author?: string): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-05T00:00:00.000Z',
    modified: '2026-01-05T00:00:00.000Z',
    pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
    pattern_type: 'stix',
    valid_from: '2026-01-05T00:00:00Z',
    ...(marking === undefined ? {} : { object_marking_refs: [marking] }),
    ...(author === undefined ? {} : { created_by_ref: author }),
  };
}

interface Envelope {
  objects?: StixObject[];
}

describe('access over HTTP', () => {
  let dir: string;
  let store: Store;
  let directory: Directory;
  let app: FastifyInstance;
  let now = Date.parse('2026-11-27T00:00:00Z');
  let acme: Organisation;
  let other: Organisation;
  let shared: string;
  let publicCollection: string;
  const tokens: Record<string, string> = {};

  function request(
    who: string | undefined,
    url: string,
    init: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    return app.inject({
      method: init.method ?? 'GET',
      url,
      headers: {
        accept: TAXII,
        ...(who === undefined ? {} : { authorization: `Bearer ${tokens[who]}` }),
        ...(init.body === undefined ? {} : { 'content-type': TAXII }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { payload: JSON.stringify(init.body) }),
    });
  }

  async function visibleIds(who: string | undefined, collection: string): Promise<string[]> {
    const res = await request(who, `/api1/collections/${collection}/objects/`);
    assert.equal(res.statusCode, 200, res.body);
    return ((res.json() as Envelope).objects ?? []).map((object) => object.id as string).sort();
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-access-'));
    store = await openStore({ dataDir: dir });
    directory = new Directory(store, { clock: () => now });
    acme = await directory.createOrg(SYSTEM, 'ACME Aerospace');
    other = await directory.createOrg(SYSTEM, 'Other Drones');
    const redReader = await directory.createOrg(SYSTEM, 'National CERT');
    shared = (
      await directory.createCollection(SYSTEM, {
        title: 'shared',
        grants: [
          { org: acme.id, read: true, write: true, red: false },
          { org: redReader.id, read: true, write: false, red: true },
        ],
      })
    ).collection.id;
    publicCollection = (await directory.createCollection(SYSTEM, { title: 'public', public: true }))
      .collection.id;
    const make = async (name: string, org: Organisation, role: string, expiresInDays?: number) => {
      tokens[name] = (
        await directory.createUser(SYSTEM, {
          name,
          org: org.id,
          role,
          ...(expiresInDays === undefined ? {} : { expiresInDays }),
        })
      ).token;
    };
    await make('ana', acme, 'analyst');
    await make('rita', acme, 'reader');
    await make('otto', other, 'analyst');
    await make('cert', redReader, 'reader');
    await make('brief', acme, 'analyst', 1);
    const put = (collection: string, objects: StixObject[]) =>
      store.put(
        collection,
        objects.map((object) => ({ object, json: JSON.stringify(object) })),
      );
    await put(shared, [
      indicator(1, TLP_CLEAR.id),
      indicator(2, TLP_GREEN.id),
      indicator(3, TLP_AMBER.id),
      indicator(4, TLP_RED.id),
      indicator(5, TLP_RED.id, acme.id),
    ]);
    await put(publicCollection, [
      indicator(11, TLP_CLEAR.id),
      indicator(12, undefined),
      indicator(13, TLP_AMBER.id),
      indicator(14, TLP_RED.id, other.id),
    ]);
    app = await buildServer({ store, directory, logLevel: false });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const id = (n: number) => indicator(n, undefined).id as string;

  it('shows each principal exactly its TLP audience', async () => {
    assert.deepEqual(await visibleIds('ana', shared), [1, 2, 3, 5].map(id), 'AMBER yes; RED only its own');
    assert.deepEqual(await visibleIds('cert', shared), [1, 2, 3, 4, 5].map(id), 'a named RED recipient');
    assert.deepEqual(await visibleIds(undefined, publicCollection), [11].map(id), 'anonymous: CLEAR');
    assert.deepEqual(await visibleIds('ana', publicCollection), [11, 12].map(id), 'members: CLEAR and GREEN');
    assert.deepEqual(await visibleIds('otto', publicCollection), [11, 12, 14].map(id), 'and their own RED');
  });

  it('hides collections a principal may not use, as if they did not exist', async () => {
    const hidden = await request('otto', `/api1/collections/${shared}/objects/`);
    const missing = await request('otto', '/api1/collections/no-such-collection/objects/');
    assert.equal(hidden.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(
      (hidden.json() as { description: string }).description.replace(shared, 'X'),
      (missing.json() as { description: string }).description.replace('no-such-collection', 'X'),
    );
    const listed = (await request('otto', '/api1/collections/')).json() as { collections: { id: string }[] };
    assert.deepEqual(
      listed.collections.map((c) => c.id),
      [publicCollection],
    );
  });

  it('reports can_read and can_write per principal', async () => {
    const view = async (who: string) =>
      (await request(who, `/api1/collections/${shared}/`)).json() as {
        can_read: boolean;
        can_write: boolean;
      };
    assert.deepEqual(
      [await view('ana'), await view('rita'), await view('cert')].map((v) => [v.can_read, v.can_write]),
      [
        [true, true],
        [true, false],
        [true, false],
      ],
    );
  });

  it('hides objects outside the audience from by-id, versions and the REST API', async () => {
    const red = id(4);
    assert.equal((await request('ana', `/api1/collections/${shared}/objects/${red}/`)).statusCode, 404);
    assert.equal(
      (await request('ana', `/api1/collections/${shared}/objects/${red}/versions/`)).statusCode,
      404,
    );
    const manifest = (await request('ana', `/api1/collections/${shared}/manifest/`)).json() as Envelope;
    assert.ok(!(manifest.objects ?? []).some((record) => record.id === red));
    const rest = await request('ana', `/api/v1/objects/${red}`);
    assert.equal(rest.statusCode, 404);
    const restList = (await request('ana', '/api/v1/objects?limit=1000')).json() as Envelope;
    assert.ok(!(restList.objects ?? []).some((object) => object.id === red));
    assert.equal((await request('cert', `/api/v1/objects/${red}`)).statusCode, 200);
  });

  it('answers bad, expired and revoked credentials with 401 and a challenge', async () => {
    const bad = await request(undefined, '/api1/collections/', { headers: { authorization: 'Bearer nope' } });
    assert.equal(bad.statusCode, 401);
    assert.match(String(bad.headers['www-authenticate']), /Bearer/);
    assert.equal((bad.json() as { http_status: string }).http_status, '401');
    const rest = await app.inject({ url: '/api/v1/objects', headers: { authorization: 'Basic !!!' } });
    assert.equal(rest.statusCode, 401);
    assert.equal((rest.json() as { error: { code: string } }).error.code, 'unauthorized');

    now += 2 * 86_400_000;
    const expired = await request('brief', '/api1/collections/');
    assert.equal(expired.statusCode, 401);
    assert.match((expired.json() as { description: string }).description, /expired/);

    const tokenId = (await directory.listTokens('rita'))[0]?.id as string;
    await directory.revokeToken(SYSTEM, tokenId);
    assert.equal((await request('rita', '/api1/collections/')).statusCode, 401);
  });

  it('accepts HTTP Basic with the user name and the token as password', async () => {
    const basic = Buffer.from(`ana:${tokens.ana}`).toString('base64');
    const res = await request(undefined, `/api1/collections/${shared}/`, {
      headers: { authorization: `Basic ${basic}` },
    });
    assert.equal(res.statusCode, 200);
    const wrongUser = Buffer.from(`otto:${tokens.ana}`).toString('base64');
    const refused = await request(undefined, '/api1/', { headers: { authorization: `Basic ${wrongUser}` } });
    assert.equal(refused.statusCode, 401);
  });

  it('lets writers add objects, refuses readers, and keeps the status to the requesting organisation', async () => {
    const body = { objects: [indicator(21, TLP_AMBER.id, acme.id), { type: 'indicator', id: 'bogus' }] };
    const added = await request('ana', `/api1/collections/${shared}/objects/`, { method: 'POST', body });
    assert.equal(added.statusCode, 202, added.body);
    const status = added.json() as {
      id: string;
      status: string;
      success_count: number;
      failure_count: number;
      failures: { id: string; message: string }[];
    };
    assert.equal(status.status, 'complete');
    assert.equal(status.success_count, 1);
    assert.equal(status.failure_count, 1);
    assert.match(status.failures[0]?.message ?? '', /\[/);
    assert.ok((await visibleIds('ana', shared)).includes(id(21)));

    assert.equal((await request('ana', `/api1/status/${status.id}/`)).statusCode, 200);
    assert.equal((await request('otto', `/api1/status/${status.id}/`)).statusCode, 404);

    const reader = await request('cert', `/api1/collections/${shared}/objects/`, { method: 'POST', body });
    assert.equal(reader.statusCode, 403);
    const impostor = await request('ana', `/api1/collections/${shared}/objects/`, {
      method: 'POST',
      body: { objects: [indicator(22, TLP_GREEN.id, other.id)] },
    });
    assert.equal(
      (impostor.json() as { failure_count: number }).failure_count,
      1,
      'may not author as another org',
    );
  });

  it('lets only the author organisation delete, and audits writes', async () => {
    const notMine = await request('ana', `/api1/collections/${shared}/objects/${id(3)}/`, {
      method: 'DELETE',
    });
    assert.equal(notMine.statusCode, 403);
    const mine = await request('ana', `/api1/collections/${shared}/objects/${id(21)}/`, { method: 'DELETE' });
    assert.equal(mine.statusCode, 200);
    assert.ok(!(await visibleIds('ana', shared)).includes(id(21)));
    const hidden = await request('ana', `/api1/collections/${shared}/objects/${id(4)}/`, {
      method: 'DELETE',
    });
    assert.equal(hidden.statusCode, 404, 'an object outside the audience is not there');
    const actions = (await store.listAudit({ limit: 1000 })).map((entry) => entry.action);
    for (const action of [
      'org.create',
      'user.create',
      'collection.create',
      'collection.grant',
      'token.revoke',
      'objects.add',
      'objects.delete',
    ]) {
      assert.ok(actions.includes(action), action);
    }
  });

  it('limits the request rate per token with 429 and Retry-After', async () => {
    const limited = await buildServer({
      store,
      directory,
      logLevel: false,
      rateLimit: { perSecond: 1, burst: 2 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await limited.inject({
        url: '/api1/',
        headers: { accept: TAXII, authorization: `Bearer ${tokens.ana}` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(res.headers['retry-after'], '1');
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    const otherToken = await limited.inject({
      url: '/api1/',
      headers: { accept: TAXII, authorization: `Bearer ${tokens.otto}` },
    });
    assert.equal(otherToken.statusCode, 200);
    await limited.close();
  });
});
