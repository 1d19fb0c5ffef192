import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Directory, type Organisation } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import { dnsLookup } from '../observe/fixtures.js';
import type { StixObject } from '../stix/object.js';
import { TLP2_MARKINGS } from '../stix/tlp.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { Hunter } from './hunter.js';

const INDICATOR: StixObject = {
  type: 'indicator',
  spec_version: '2.1',
  id: 'indicator--44444444-0000-4000-8000-000000000001',
  created: '2026-01-01T00:00:00.000Z',
  modified: '2026-01-01T00:00:00.000Z',
  name: 'C2 domain',
  indicator_types: ['malicious-activity'],
  pattern: "[domain-name:value = 'c2.example']",
  pattern_type: 'stix',
  valid_from: '2026-01-01T00:00:00Z',
};

let line = 0;
const dns = (domain: string) => dnsLookup(domain, ++line);

describe('Hunter', () => {
  let dir: string;
  let store: Store;
  let directory: Directory;
  let org: Organisation;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-hunter-'));
    store = await openStore({ dataDir: dir });
    directory = new Directory(store);
    org = await directory.createOrg(SYSTEM, 'ACME');
    const intel = (
      await directory.createCollection(SYSTEM, {
        title: 'intel',
        grants: [{ org: org.id, read: true, write: false, red: false }],
      })
    ).collection.id;
    await store.put(intel, [{ object: INDICATOR, json: JSON.stringify(INDICATOR) }]);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the indicator from the store for the alert, and writes reports one after the other', async () => {
    const sent: string[] = [];
    const hunter = await Hunter.open({
      store,
      directory,
      org,
      record: true,
      windowMs: 3_600_000,
      outputs: [
        { name: 'capture', send: async (alert) => void sent.push(alert.host), close: async () => undefined },
      ],
      materialize: () => [],
    });
    assert.equal(hunter.stats.indicators, 1);
    const hits = [dns('c2.example'), dns('c2.example'), dns('c2.example')].map((event) => hunter.push(event));
    assert.ok(hits.every((detections) => detections.length === 1));
    // Not awaited in between: the second and third wait for the first, then go together.
    const reports = await Promise.all(
      hits.map((detections) => hunter.report(detections, TLP2_MARKINGS.green.id)),
    );
    const alerts = reports.flat();
    assert.deepEqual(
      alerts.map((alert) => [alert.indicator.name, alert.indicator.pattern, alert.indicator.indicator_types]),
      Array(3).fill(['C2 domain', INDICATOR.pattern, ['malicious-activity']]),
    );
    assert.deepEqual(
      alerts.map((alert) => [alert.sighting?.count, alert.sighting?.created]),
      [
        [1, true],
        [2, false],
        [3, false],
      ],
      'one sighting counted on, never two read at once',
    );
    assert.deepEqual(sent, ['ws1'], 'outputs hear of the new sighting only');
    assert.deepEqual(hunter.stats, {
      events: 3,
      detections: 3,
      sightingsCreated: 1,
      sightingsUpdated: 2,
      indicators: 1,
    });
  });
});
