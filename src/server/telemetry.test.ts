// Telemetry in over HTTP, detections out as sightings, and the sightings shared with another
// server over TAXII: the monitoring loop end to end, on the DreamJob pack and its demo intrusion.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Directory } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import type { Alert } from '../detect/alert.js';
import { SIGHTINGS_COLLECTION } from '../hunt/hunter.js';
import { demoTelemetry } from '../packs/dreamjob/demo-telemetry.js';
import { loadPack } from '../packs/load.js';
import type { StixObject } from '../stix/object.js';
import { TLP2_MARKINGS } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { addPeer, getPeer } from '../sync/peers.js';
import { runPeer } from '../sync/run.js';
import { buildServer } from './app.js';

interface Answer {
  events: number;
  detections: number;
  sightings_created: number;
  /** Observations temporal patterns dropped at their cap, or saw out of time order. */
  temporal: { dropped: number; out_of_order: number };
  error_count: number;
  errors: { line: number; message: string }[];
  alerts: Alert[];
}

describe('telemetry in, sightings out', () => {
  let dir: string;
  let store: Store;
  let directory: Directory;
  let app: FastifyInstance;
  let analyst: string;
  let reader: string;
  let partnerSync: string;
  const delivered: Alert[] = [];

  const post = (token: string | undefined, body: string, query = '') =>
    app.inject({
      method: 'POST',
      url: `/api/v1/telemetry${query}`,
      headers: {
        'content-type': 'application/x-ndjson',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      payload: body,
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-telemetry-'));
    store = await openStore({ dataDir: dir });
    directory = new Directory(store);
    await loadPack(store, 'dreamjob');
    const acme = await directory.createOrg(SYSTEM, 'ACME Aerospace');
    const partner = await directory.createOrg(SYSTEM, 'Partner CERT');
    analyst = (await directory.createUser(SYSTEM, { name: 'sensor', org: acme.id, role: 'analyst' })).token;
    reader = (await directory.createUser(SYSTEM, { name: 'viewer', org: acme.id, role: 'reader' })).token;
    partnerSync = (await directory.createUser(SYSTEM, { name: 'partner', org: partner.id, role: 'sync' }))
      .token;
    app = await buildServer({
      store,
      directory,
      logLevel: false,
      alertOutputs: [
        {
          name: 'capture',
          send: async (alert) => {
            delivered.push(alert);
          },
          close: async () => undefined,
        },
      ],
    });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('detects the DreamJob chain, records sightings and names the campaign', async () => {
    const lines = demoTelemetry(new Date(Date.now() - 600_000));
    const res = await post(analyst, `${lines.join('\n')}\nnot json at all\n`, '?source=ws-eng-07.jsonl');
    assert.equal(res.statusCode, 200, res.body);
    const answer = res.json() as Answer;
    assert.equal(answer.events, lines.length);
    assert.deepEqual(
      answer.errors.map((e) => e.line),
      [lines.length + 1],
      'a bad line is reported by number',
    );
    assert.ok(answer.sightings_created >= 5, `${answer.sightings_created} sightings`);
    const names = new Set(answer.alerts.flatMap((alert) => alert.indicates.map((item) => item.name)));
    for (const name of ['Operation DreamJob', 'Lazarus Group', 'miniBlindingCan', 'NickelLoader'])
      assert.ok(names.has(name), name);
    const hash = answer.alerts.find((alert) =>
      alert.indicator.pattern.includes('c830b895fb934291507e490280164cc4234929f0'),
    );
    assert.ok(hash, 'the colorui.dll hash from ESET');
    assert.deepEqual(
      hash.evidence.map((e) => [e.source, e.line, e.event_type]),
      [['http:ws-eng-07.jsonl', 7, 'sysmon:7']],
    );
    const behaviour = answer.alerts.find((alert) => alert.indicator.pattern.includes('FOLLOWEDBY'));
    assert.ok(behaviour, 'a temporal behavioural pattern fired');
    assert.equal(
      delivered.length,
      answer.sightings_created,
      'configured outputs get one alert per new sighting',
    );

    const sightings = await store.getCollection(SIGHTINGS_COLLECTION);
    assert.ok(sightings);
    const stored = await store.list({ collection: sightings.id, types: ['sighting'] }, { limit: 100 });
    assert.equal(stored.items.length, answer.sightings_created);
    const one = JSON.parse(stored.items[0]?.json ?? '{}') as StixObject;
    assert.equal((one.where_sighted_refs as string[]).length, 1);
    assert.ok(typeof one.sighting_of_ref === 'string');
    const evidence = await store.get((one.observed_data_refs as string[])[0] as string, {
      collection: sightings.id,
    });
    const observed = JSON.parse(evidence[0]?.json ?? '{}') as {
      x_dreamcatcher_provenance?: { line: number };
    };
    assert.ok(observed.x_dreamcatcher_provenance?.line, 'the observed-data keeps the log line');
  });

  it('counts repeated hits into the same sightings instead of flooding', async () => {
    const before = await store.count({ types: ['sighting'] });
    const deliveredBefore = delivered.length;
    const res = await post(analyst, `${demoTelemetry(new Date(Date.now() - 300_000)).join('\n')}\n`);
    const answer = res.json() as Answer;
    assert.equal(answer.sightings_created, 0);
    assert.deepEqual(answer.temporal, { dropped: 0, out_of_order: 0 });
    assert.equal(delivered.length, deliveredBefore, 'no alert for an updated sighting');
    assert.ok(answer.alerts.every((alert) => alert.sighting?.created === false));
    assert.equal(await store.count({ types: ['sighting'] }), before, 'new versions, not new sightings');
  });

  it('says when temporal patterns saw events out of time order, which may hide a match', async () => {
    const backwards = demoTelemetry(new Date(Date.now() - 200_000)).reverse();
    const answer = (await post(analyst, `${backwards.join('\n')}\n`)).json() as Answer;
    assert.equal(answer.temporal.dropped, 0);
    assert.ok(answer.temporal.out_of_order > 0, JSON.stringify(answer.temporal));
  });

  it('hunts with one hunter per organisation, marking each sighting with the TLP of its request', async () => {
    const beta = await directory.createOrg(SYSTEM, 'Beta Labs');
    const sensor = (
      await directory.createUser(SYSTEM, { name: 'beta-sensor', org: beta.id, role: 'analyst' })
    ).token;
    const lines = demoTelemetry(new Date(Date.now() - 600_000));
    // Quiz1.exe starts out of the archive (a hash IoC) at TLP:GREEN; the DLL it side-loads next to
    // it arrives at TLP:AMBER: the side-loading pattern spans the two requests only if one hunter
    // saw both.
    const green = (await post(sensor, `${lines.slice(0, 2).join('\n')}\n`, '?tlp=green')).json() as Answer;
    const amber = (await post(sensor, `${lines.slice(2).join('\n')}\n`, '?tlp=amber')).json() as Answer;
    assert.ok(green.alerts.length > 0 && amber.alerts.length > 0);
    assert.ok(
      amber.alerts.some((alert) => alert.indicator.pattern.includes('FOLLOWEDBY')),
      'the temporal pattern completed across the two requests',
    );
    const markingOf = async (alert: Alert) => {
      const [stored] = (await store.get(alert.sighting?.id as string)).slice(-1);
      return (JSON.parse(stored?.json ?? '{}') as StixObject).object_marking_refs;
    };
    for (const alert of green.alerts) assert.deepEqual(await markingOf(alert), [TLP2_MARKINGS.green.id]);
    for (const alert of amber.alerts) assert.deepEqual(await markingOf(alert), [TLP2_MARKINGS.amber.id]);
  });

  it('refuses telemetry without credentials, from readers, and in a form it cannot read', async () => {
    assert.equal((await post(undefined, '{}\n')).statusCode, 401);
    assert.equal((await post(reader, '{}\n')).statusCode, 403);
    const unknown = await post(analyst, 'hello\nworld\n');
    assert.equal(unknown.statusCode, 400);
    assert.equal((unknown.json() as { error: { code: string } }).error.code, 'unknown-format');
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/telemetry',
      headers: { authorization: `Bearer ${analyst}`, 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    assert.equal(json.statusCode, 415);
  });

  it('shares the sightings with another server over TAXII', async () => {
    const sightings = await store.getCollection(SIGHTINGS_COLLECTION);
    assert.ok(sightings);
    const partner = await directory.findOrg('Partner CERT');
    assert.ok(partner);
    await directory.grant(SYSTEM, sightings.id, {
      grants: [{ org: partner.id, read: true, write: false, red: false }],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };

    const peerDir = mkdtempSync(join(tmpdir(), 'dc-telemetry-peer-'));
    const peer = await openStore({ dataDir: peerDir });
    try {
      const peerDirectory = new Directory(peer);
      const inbox = (await peerDirectory.createCollection(SYSTEM, { title: 'acme-sightings' })).collection.id;
      await addPeer(peer, {
        name: 'acme',
        apiRoot: `http://127.0.0.1:${address.port}/api1/`,
        remoteCollection: sightings.id,
        localCollection: inbox,
        token: partnerSync,
        pull: true,
      });
      const report = await runPeer(peer, peerDirectory, await getPeer(peer, 'acme'));
      assert.equal(report.error, undefined);
      const arrived = await peer.count({ collection: inbox, types: ['sighting'] });
      assert.equal(arrived, await store.count({ collection: sightings.id, types: ['sighting'] }));
      assert.ok(arrived > 0);
    } finally {
      await peer.close();
      rmSync(peerDir, { recursive: true, force: true });
    }
  });
});
