import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ObservedEvent } from '../observe/event.js';
import type { StixObject } from '../stix/object.js';
import { TLP_AMBER, TLP_GREEN } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildAlert, describeAlert } from './alert.js';
import { ThreatContext } from './context.js';
import { Detector } from './detector.js';
import { emptyReport, IndicatorFeed } from './indicator-feed.js';
import { SightingRecorder } from './sightings.js';
import { StoreTail } from './store-tail.js';

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

  it('keeps the newest version: a later one replaces the pattern, an older one arriving late is ignored', () => {
    const detector = new Detector();
    const v1 = indicator(6, "[domain-name:value = 'old.example']");
    const v2 = indicator(6, "[domain-name:value = 'new.example']", { modified: '2026-02-01T00:00:00.000Z' });
    assert.equal(detector.upsert(v1), undefined);
    assert.equal(detector.upsert(v2), undefined);
    assert.equal(detector.upsert(v1)?.code, 'stale');
    assert.equal(detector.size, 1);
    assert.deepEqual(detector.push(dns('h', '2026-03-01T00:00:00Z', 'old.example')), []);
    const [hit] = detector.push(dns('h', '2026-03-01T00:00:01Z', 'new.example'));
    assert.deepEqual(
      hit?.indicator,
      { id: v2.id, version: '2026-02-01T00:00:00.000000Z' },
      'the version to read back',
    );

    const revoked = { ...v2, modified: '2026-02-02T00:00:00.000Z', revoked: true };
    assert.equal(detector.upsert(revoked)?.code, 'revoked');
    assert.equal(
      detector.upsert(v2)?.code,
      'stale',
      'a revocation is final, even for a version arriving late',
    );
    assert.equal(detector.size, 0);
    assert.deepEqual(detector.push(dns('h', '2026-03-01T00:00:02Z', 'new.example')), []);
    assert.equal(detector.remove(v2.id as string), true, 'forgotten, version and all');
    assert.equal(detector.upsert(v1), undefined);
    assert.equal(detector.push(dns('h', '2026-03-01T00:00:03Z', 'old.example')).length, 1);
  });

  it('checks validity at microsecond precision and refuses a window it cannot read', () => {
    const detector = new Detector();
    detector.upsert(
      indicator(7, "[domain-name:value = 'y.example']", {
        valid_from: '2026-02-01T00:00:00.000001Z',
        valid_until: '2026-02-01T00:00:00.000003Z',
      }),
    );
    assert.equal(detector.push(dns('h', '2026-02-01T00:00:00Z', 'y.example')).length, 0);
    assert.equal(detector.push(dns('h', '2026-02-01T00:00:00.000001Z', 'y.example')).length, 1);
    assert.equal(detector.push(dns('h', '2026-02-01T00:00:00.000002Z', 'y.example')).length, 1);
    assert.equal(detector.push(dns('h', '2026-02-01T00:00:00.000003Z', 'y.example')).length, 0);
    const bad = detector.upsert(
      indicator(8, "[domain-name:value = 'z.example']", { valid_from: 'yesterday' }),
    );
    assert.equal(bad?.code, 'unsupported');
    assert.match(bad?.reason ?? '', /valid_from/);
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

  /** A feed over a tail of the store, as the hunter wires them. */
  async function feedOf(detector: Detector, target: Store = store) {
    const tail = await StoreTail.open(target, [{ collection, maxTlpRank: 4, authors: [] }]);
    const feed = new IndicatorFeed(detector);
    return async () => {
      const report = emptyReport();
      await tail.read((item) => feed.apply(item, report));
      return report;
    };
  }

  it('follows new indicators and revocations without a rebuild', async () => {
    const detector = new Detector();
    const refresh = await feedOf(detector);
    await put([indicator(10, "[domain-name:value = 'one.example']")]);
    assert.equal((await refresh()).updated, 1);
    await put([indicator(11, "[domain-name:value = 'two.example']")]);
    assert.equal((await refresh()).updated, 1, 'only what is new is read');
    assert.equal(detector.size, 2);
    await store.revoke(collection, indicator(10, '').id as string);
    const report = await refresh();
    assert.equal(report.removed, 1);
    assert.equal(detector.size, 1);
  });

  it('moves its cursor past rows of every type, so a refresh never reads them again', async () => {
    const asked: (string | undefined)[] = [];
    const spy: Store = Object.create(store, {
      list: {
        value: (query: Parameters<Store['list']>[0], page: Parameters<Store['list']>[1]) => {
          asked.push(query.addedAfter);
          return store.list(query, page);
        },
      },
    });
    const detector = new Detector();
    const refresh = await feedOf(detector, spy);
    await put([indicator(12, "[domain-name:value = 'three.example']")]);
    await refresh();
    const noise = Array.from({ length: 30 }, (_, n) => ({
      type: 'domain-name',
      spec_version: '2.1',
      id: `domain-name--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      value: `noise${n}.example`,
    }));
    const outcomes = await put(noise);
    const lastAdded = outcomes.at(-1);
    assert.equal(lastAdded?.status, 'added');
    assert.equal((await refresh()).updated, 0);
    asked.length = 0;
    await refresh();
    assert.deepEqual(
      asked,
      [lastAdded?.status === 'added' ? lastAdded.dateAdded : undefined],
      'the next read starts after the last row read, not after the last indicator',
    );
  });

  it('moves its cursor past rows its scopes hide, as far as the store had handed out', async () => {
    const asked: (string | undefined)[] = [];
    const spy: Store = Object.create(store, {
      list: {
        value: (query: Parameters<Store['list']>[0], page: Parameters<Store['list']>[1]) => {
          asked.push(query.addedAfter);
          return store.list(query, page);
        },
      },
    });
    const refresh = await feedOf(new Detector(), spy);
    await put([indicator(13, "[domain-name:value = 'four.example']")]);
    await refresh();
    // Another organisation's collection: outside the tail's scopes.
    const elsewhere = (await store.createCollection({ title: `elsewhere-${Date.now()}` })).id;
    const hidden = await store.put(elsewhere, [{ object: identity, json: JSON.stringify(identity) }]);
    await refresh();
    asked.length = 0;
    await refresh();
    const [outcome] = hidden;
    assert.deepEqual(
      asked,
      [outcome?.status === 'added' ? outcome.dateAdded : undefined],
      'a hidden row is not read again',
    );
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
    await (await StoreTail.open(store, [scope])).read((item) => context.apply(item));
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
    const record = async (e: ObservedEvent, marking: string = TLP_AMBER.id) => {
      const [detection] = detector.push(e);
      assert.ok(detection);
      const [recorded] = await recorder.record([{ detection, indicator: watched, marking }]);
      assert.ok(recorded);
      return recorded;
    };
    const first = await record(dns('ws1', '2026-03-01T10:00:00Z', 'c2.example'));
    now += 1000;
    const second = await record(dns('ws1', '2026-03-01T10:20:00Z', 'c2.example'));
    now += 1000;
    const otherHost = await record(dns('ws2', '2026-03-01T10:21:00Z', 'c2.example'));
    now += 1000;
    const later = await record(dns('ws1', '2026-03-01T13:00:00Z', 'c2.example'));
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
    const alert = buildAlert(detection, watched, indicated, { object: second.sighting, created: false });
    assert.equal(alert.evidence[0]?.line, 99);
    assert.equal(alert.indicator.pattern, watched.pattern, 'read from the object, not kept by the detector');
    assert.match(
      describeAlert(alert),
      /ws1: indicator 20 -> malware LightlessCan, campaign Operation DreamJob \(sysmon\.json:99\)/,
    );
  });

  it('replaces a relationship by its later version and drops it when revoked', async () => {
    const tool = (n: number, name: string) => ({
      type: 'tool',
      spec_version: '2.1',
      id: `tool--33333333-0000-4000-8000-00000000000${n}`,
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name,
    });
    const watched = indicator(30, "[domain-name:value = 'tool.example']");
    const link = (modified: string, target: string, extra: Partial<StixObject> = {}) => ({
      type: 'relationship',
      spec_version: '2.1',
      id: 'relationship--33333333-0000-4000-8000-000000000010',
      created: '2026-01-01T00:00:00.000Z',
      modified,
      relationship_type: 'indicates',
      source_ref: watched.id,
      target_ref: target,
      ...extra,
    });
    const scope = { collection, maxTlpRank: 4, authors: [] };
    const context = new ThreatContext(store, [scope]);
    const tail = await StoreTail.open(store, [scope]);
    const refresh = () => tail.read((item) => context.apply(item));
    const named = async () => (await context.explain(watched.id as string)).map((item) => item.name);
    await put([
      tool(1, 'Old tool'),
      tool(2, 'New tool'),
      watched,
      link('2026-01-01T00:00:00.000Z', tool(1, '').id),
    ]);
    await refresh();
    assert.deepEqual(await named(), ['Old tool']);
    await put([link('2026-02-01T00:00:00.000Z', tool(2, '').id)]);
    await refresh();
    assert.deepEqual(await named(), ['New tool'], 'the later version replaces the edge');
    const renamed = { ...tool(2, 'Renamed tool'), modified: '2026-03-01T00:00:00.000Z' };
    await put([renamed]);
    await refresh();
    assert.deepEqual(await named(), ['Renamed tool'], 'a new version of the tool names it anew');
    await store.revoke(collection, link('', '').id);
    await refresh();
    assert.deepEqual(await named(), []);
  });

  it('records the detections of a batch in one put: one sighting per key and marking, a version per hit', async () => {
    const watched = indicator(40, "[domain-name:value = 'batch.example']");
    const detector = new Detector();
    detector.upsert(watched);
    let puts = 0;
    const spy: Store = Object.create(store, {
      put: {
        value: (...args: Parameters<Store['put']>) => {
          puts += 1;
          return store.put(...args);
        },
      },
    });
    const sightings = (await store.createCollection({ title: 'batch sightings' })).id;
    const recorder = new SightingRecorder({
      store: spy,
      collection: sightings,
      identity,
      windowMs: 3_600_000,
      clock: () => Date.parse('2026-03-01T10:00:00Z'),
      materialize: () => [],
    });
    const hit = (time: string) => {
      const [detection] = detector.push(dns('ws9', time, 'batch.example'));
      assert.ok(detection);
      return detection;
    };
    const recorded = await recorder.record([
      { detection: hit('2026-03-01T10:00:00Z'), indicator: watched, marking: TLP_AMBER.id },
      { detection: hit('2026-03-01T10:01:00Z'), indicator: watched, marking: TLP_AMBER.id },
      { detection: hit('2026-03-01T10:02:00Z'), indicator: watched, marking: TLP_GREEN.id },
    ]);
    assert.equal(puts, 1);
    const [first, second, green] = recorded;
    assert.equal(first?.created, true);
    assert.equal(second?.created, false);
    assert.equal(second?.sighting.id, first?.sighting.id);
    assert.equal(second?.sighting.count, 2);
    assert.ok(String(second?.sighting.modified) > String(first?.sighting.modified), 'a later version');
    assert.equal(green?.created, true, 'another marking, another sighting');
    assert.deepEqual(green?.sighting.object_marking_refs, [TLP_GREEN.id]);
    const versions = await store.get(first?.sighting.id as string, { collection: sightings });
    assert.equal(versions.length, 2);
    const [next] = await recorder.record([
      { detection: hit('2026-03-01T10:03:00Z'), indicator: watched, marking: TLP_AMBER.id },
    ]);
    assert.equal(next?.sighting.count, 3, 'the state of the batch was stored');
  });
});
