import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ObservedEvent } from '../observe/event.js';
import type { StixObject } from '../stix/object.js';
import { TLP_AMBER } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildAlert, describeAlert } from './alert.js';
import { ThreatContext } from './context.js';
import { Detector } from './detector.js';
import { IndicatorFeed } from './indicator-feed.js';
import { SightingRecorder } from './sightings.js';

let serial = 0;

function event(host: string, time: string, objects: Record<string, StixObject>, line = 1): ObservedEvent {
  serial += 1;
  return {
    observation: {
      id: `observed-data--00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
      firstObserved: time,
      lastObserved: time,
      numberObserved: 1,
      objects,
    },
    provenance: { source: 'sysmon.json', line, format: 'sysmon', eventType: 'sysmon:22', host },
    entity: host,
  };
}

const dns = (host: string, time: string, domain: string, line = 1) =>
  // Adapters key objects "0", "1"... without ids, the STIX 2.0 embedded form.
  event(host, time, { '0': { type: 'domain-name', value: domain } as unknown as StixObject }, line);

function indicator(n: number, pattern: string, extra: Partial<StixObject> = {}): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: `indicator ${n}`,
    pattern,
    pattern_type: 'stix',
    valid_from: '2026-01-01T00:00:00Z',
    ...extra,
  };
}

describe('Detector', () => {
  it('matches single-observation indicators and reports the events with their provenance', () => {
    const detector = new Detector();
    assert.equal(detector.upsert(indicator(1, "[domain-name:value = 'c2.example.com']")), undefined);
    assert.deepEqual(detector.push(dns('ws1', '2026-03-01T10:00:00Z', 'other.example.com')), []);
    const [hit] = detector.push(dns('ws1', '2026-03-01T10:00:01Z', 'c2.example.com', 42));
    assert.equal(hit?.indicator.id, indicator(1, '').id);
    assert.equal(hit?.entity, 'ws1');
    assert.deepEqual(
      hit?.events.map((e) => e.provenance.line),
      [42],
    );
  });

  it('runs temporal patterns per host, with bounded state', () => {
    const detector = new Detector();
    detector.upsert(
      indicator(
        2,
        "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example'] WITHIN 60 SECONDS",
      ),
    );
    assert.deepEqual(detector.push(dns('ws1', '2026-03-01T10:00:00Z', 'a.example')), []);
    assert.deepEqual(detector.push(dns('ws2', '2026-03-01T10:00:10Z', 'b.example')), [], 'another host');
    const hits = detector.push(dns('ws1', '2026-03-01T10:00:30Z', 'b.example', 7));
    assert.equal(hits.length, 1);
    assert.deepEqual(
      hits[0]?.events.map((e) => e.provenance.line),
      [1, 7],
    );
    assert.equal(detector.stats().pending, 1, "ws1's state is spent by its match; ws2 still holds its b");
  });

  it('respects valid_from and valid_until at the time of the activity, and refuses what it cannot run', () => {
    const detector = new Detector();
    detector.upsert(
      indicator(3, "[domain-name:value = 'x.example']", {
        valid_from: '2026-02-01T00:00:00Z',
        valid_until: '2026-03-01T00:00:00Z',
      }),
    );
    assert.equal(detector.push(dns('h', '2026-01-15T00:00:00Z', 'x.example')).length, 0);
    assert.equal(detector.push(dns('h', '2026-02-15T00:00:00Z', 'x.example')).length, 1);
    assert.equal(detector.push(dns('h', '2026-03-01T00:00:00Z', 'x.example')).length, 0);
    assert.match(detector.upsert(indicator(4, '[bogus'))?.reason ?? '', /invalid pattern/);
    assert.match(detector.upsert(indicator(5, 'rule x {}', { pattern_type: 'yara' }))?.reason ?? '', /yara/);
    assert.equal(
      detector.upsert(indicator(3, "[domain-name:value = 'x.example']", { revoked: true }))?.reason,
      'revoked',
    );
    assert.equal(detector.has(indicator(3, '').id as string), false, 'a revoked version stops it');
  });
});

describe('indicators, context and sightings from a store', () => {
  let dir: string;
  let store: Store;
  let collection: string;
  const identity: StixObject = {
    type: 'identity',
    spec_version: '2.1',
    id: 'identity--11111111-0000-4000-8000-000000000001',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    name: 'ACME',
    identity_class: 'organization',
  };
  const put = (objects: StixObject[]) =>
    store.put(
      collection,
      objects.map((object) => ({ object, json: JSON.stringify(object) })),
    );

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-detect-'));
    store = await openStore({ dataDir: dir });
    collection = (await store.createCollection({ title: 'intel' })).id;
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows new indicators and revocations without a rebuild', async () => {
    const detector = new Detector();
    const scope = { collection, maxTlpRank: 4, authors: [] };
    const feed = new IndicatorFeed(store, detector, [scope]);
    await put([indicator(10, "[domain-name:value = 'one.example']")]);
    assert.equal((await feed.refresh()).updated, 1);
    await put([indicator(11, "[domain-name:value = 'two.example']")]);
    assert.equal((await feed.refresh()).updated, 1, 'only what is new is read');
    assert.equal(detector.size, 2);
    await store.revoke(collection, indicator(10, '').id as string);
    const report = await feed.refresh();
    assert.equal(report.removed, 1);
    assert.equal(detector.size, 1);
  });

  it('names what an indicator points to and turns repeated hits into one counted sighting', async () => {
    const malware = {
      type: 'malware',
      spec_version: '2.1',
      id: 'malware--22222222-0000-4000-8000-000000000001',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'LightlessCan',
      is_family: true,
    };
    const campaign = {
      type: 'campaign',
      spec_version: '2.1',
      id: 'campaign--22222222-0000-4000-8000-000000000002',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'Operation DreamJob',
    };
    const relationship = (n: number, type: string, source: string, target: string) => ({
      type: 'relationship',
      spec_version: '2.1',
      id: `relationship--22222222-0000-4000-8000-00000000001${n}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });
    const watched = indicator(20, "[domain-name:value = 'c2.example']");
    await put([
      malware,
      campaign,
      watched,
      relationship(1, 'indicates', watched.id as string, malware.id),
      relationship(2, 'uses', campaign.id, malware.id),
    ]);
    const scope = { collection, maxTlpRank: 4, authors: [] };
    const context = new ThreatContext(store, [scope]);
    await context.refresh();
    const indicated = await context.explain(watched.id as string);
    assert.deepEqual(
      indicated.map((item) => [item.type, item.name]),
      [
        ['malware', 'LightlessCan'],
        ['campaign', 'Operation DreamJob'],
      ],
    );

    const detector = new Detector();
    detector.upsert(watched);
    const sightings = (await store.createCollection({ title: 'sightings' })).id;
    let now = Date.parse('2026-03-01T10:00:00Z');
    const recorder = new SightingRecorder({
      store,
      collection: sightings,
      identity,
      marking: TLP_AMBER.id,
      windowMs: 3_600_000,
      clock: () => now,
      materialize: (e) => [
        {
          type: 'observed-data',
          spec_version: '2.1',
          id: e.observation.id,
          created: '2026-03-01T10:00:00.000Z',
          modified: '2026-03-01T10:00:00.000Z',
          first_observed: e.observation.firstObserved,
          last_observed: e.observation.lastObserved,
          number_observed: 1,
          object_refs: ['domain-name--00000000-0000-4000-8000-000000000099'],
        },
      ],
    });
    const first = await recorder.record(
      detector.push(dns('ws1', '2026-03-01T10:00:00Z', 'c2.example'))[0] as never,
    );
    now += 1000;
    const second = await recorder.record(
      detector.push(dns('ws1', '2026-03-01T10:20:00Z', 'c2.example'))[0] as never,
    );
    now += 1000;
    const otherHost = await recorder.record(
      detector.push(dns('ws2', '2026-03-01T10:21:00Z', 'c2.example'))[0] as never,
    );
    now += 1000;
    const later = await recorder.record(
      detector.push(dns('ws1', '2026-03-01T13:00:00Z', 'c2.example'))[0] as never,
    );
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.sighting.id, first.sighting.id);
    assert.equal(second.sighting.count, 2);
    assert.equal(second.sighting.last_seen, '2026-03-01T10:20:00Z');
    assert.notEqual(otherHost.sighting.id, first.sighting.id, 'another host, another sighting');
    assert.equal(later.created, true, 'past the window, a new sighting');
    const versions = await store.get(first.sighting.id as string, { collection: sightings });
    assert.equal(versions.length, 2, 'one version per hit');
    const stored = JSON.parse(versions[1]?.json ?? '{}') as StixObject;
    assert.deepEqual(stored.where_sighted_refs, [identity.id]);
    assert.deepEqual(stored.object_marking_refs, [TLP_AMBER.id]);
    assert.equal((stored.observed_data_refs as string[]).length, 2);

    const detection = detector.push(dns('ws1', '2026-03-01T14:00:00Z', 'c2.example', 99))[0];
    assert.ok(detection);
    const alert = buildAlert(detection, indicated, { object: second.sighting, created: false });
    assert.equal(alert.evidence[0]?.line, 99);
    assert.match(
      describeAlert(alert),
      /ws1: indicator 20 -> malware LightlessCan, campaign Operation DreamJob \(sysmon\.json:99\)/,
    );
  });
});
