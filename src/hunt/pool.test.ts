import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Directory, type Organisation } from '../access/directory.js';
import { SYSTEM } from '../access/principal.js';
import { UnknownFormatError } from '../observe/read-events.js';
import { DEMO_HOST, demoTelemetry } from '../packs/dreamjob/demo-telemetry.js';
import { loadPack } from '../packs/load.js';
import type { StixObject } from '../stix/object.js';
import { type OpenStoreOptions, openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { type HuntBatch, Hunter } from './hunter.js';

const START = new Date(Date.now() - 3_600_000);

function indicator(n: number, pattern: string): StixObject {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--55555555-0000-4000-8000-${String(n).padStart(12, '0')}`,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    pattern,
    pattern_type: 'stix',
    valid_from: '2020-01-01T00:00:00Z',
  };
}

const BAD_DOMAIN = indicator(1, "[domain-name:value = 'bad.example']");

/** A DNS query in the flattened Sysmon layout, `seconds` after START. */
function query(host: string, domain: string, seconds: number): string {
  const time = new Date(START.getTime() + seconds * 1000);
  return JSON.stringify({
    Hostname: host,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    SourceName: 'Microsoft-Windows-Sysmon',
    EventID: 22,
    UtcTime: time.toISOString().replace('T', ' ').replace('Z', ''),
    QueryName: domain,
    Image: 'C:\\Windows\\System32\\svchost.exe',
    ProcessId: 1044,
  });
}

/**
 * The DreamJob story (temporal patterns across its steps) with 700 other lines between each two of
 * its steps, so that the story spreads over batches and workers: queries on other hosts, every 97th
 * for a known-bad domain, a bad line every 500th, a blank line now and then.
 */
function telemetry(): string[] {
  const lines: string[] = [];
  let n = 0;
  for (const step of demoTelemetry(START)) {
    lines.push(step);
    for (let i = 0; i < 700; i++) {
      n++;
      if (n % 500 === 0) lines.push(n % 1000 === 0 ? '{"EventID": ' : 'not json');
      else if (n % 333 === 0) lines.push('');
      else lines.push(query(`ws${n % 7}`, n % 97 === 0 ? 'bad.example' : 'updates.example', n / 1000));
    }
  }
  return lines;
}

/** What a hunt gave, comparable between runs: the errors, and each detection's indicator, entity and lines. */
function outcome(batches: readonly HuntBatch[]) {
  return {
    events: batches.reduce((sum, batch) => sum + batch.events, 0),
    errors: batches.flatMap((batch) => batch.errors),
    detections: batches.flatMap((batch) =>
      batch.detections.map((detection) => ({
        indicator: detection.indicator.id,
        entity: detection.entity,
        lines: detection.events.map((event) => event.provenance.line),
      })),
    ),
  };
}

/** The lines as the bytes of a file, in chunks of 1,000 bytes (cut anywhere, inside a line too). */
async function* chunksOf(lines: readonly string[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  for (let at = 0; at < bytes.length; at += 1000) yield bytes.subarray(at, at + 1000);
}

async function collect(hunter: Hunter, lines: readonly string[], format?: string): Promise<HuntBatch[]> {
  const batches: HuntBatch[] = [];
  for await (const batch of hunter.hunt(chunksOf(lines), { source: 'test', ...(format ? { format } : {}) }))
    batches.push(batch);
  return batches;
}

describe('hunting on worker threads', () => {
  let dir: string;
  let store: Store;
  let directory: Directory;
  let org: Organisation;
  let intel: string;

  /** A hunter on `workers` threads (none: 0), which open the store at `at` (the test's by default). */
  const open = (workers: number, at: OpenStoreOptions = { dataDir: dir }) =>
    Hunter.open({
      store,
      directory,
      org,
      record: false,
      windowMs: 3_600_000,
      outputs: [],
      materialize: () => [],
      ...(workers === 0 ? {} : { workers: { count: workers, store: at } }),
    });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dc-pool-'));
    store = await openStore({ dataDir: dir });
    directory = new Directory(store);
    org = await directory.createOrg(SYSTEM, 'ACME');
    await loadPack(store, 'dreamjob');
    intel = (
      await directory.createCollection(SYSTEM, {
        title: 'intel',
        grants: [{ org: org.id, read: true, write: false, red: false }],
      })
    ).collection.id;
    await store.put(intel, [{ object: BAD_DOMAIN, json: JSON.stringify(BAD_DOMAIN) }]);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds what one thread finds: the same errors and detections, temporal ones included, in line order', async () => {
    const lines = telemetry();
    const alone = await open(0);
    const expected = outcome(await collect(alone, lines));
    const pooled = await open(2);
    try {
      assert.equal(pooled.stats.indicators, alone.stats.indicators);
      const got = outcome(await collect(pooled, lines));
      assert.deepEqual(got, expected);
      assert.equal(pooled.stats.events, expected.events);
    } finally {
      await pooled.close();
    }
    // The comparison means something: bad lines, hits of one bracket, and the story's temporal hits.
    assert.ok(expected.errors.length >= 10, `${expected.errors.length} errors`);
    const onStory = expected.detections.filter((detection) => detection.entity === DEMO_HOST.toLowerCase());
    assert.ok(
      onStory.some((detection) => detection.lines.length > 1),
      'a pattern over several events of the story matched',
    );
    assert.ok(expected.detections.filter((detection) => detection.indicator === BAD_DOMAIN.id).length > 20);
    const lines0 = expected.detections.map((detection) => detection.lines.at(-1) as number);
    assert.deepEqual(
      lines0,
      [...lines0].sort((a, b) => a - b),
      'detections come in the order of the lines that completed them',
    );
  });

  it('picks up indicators stored after it opened, temporal ones on its own thread too', async () => {
    const hunter = await open(2);
    try {
      const later = indicator(2, "[domain-name:value = 'later.example']");
      const sequence = indicator(
        3,
        "[domain-name:value = 'first.example'] FOLLOWEDBY [domain-name:value = 'second.example']",
      );
      await store.put(
        intel,
        [later, sequence].map((object) => ({ object, json: JSON.stringify(object) })),
      );
      const lines = [
        query('ws9', 'first.example', 1),
        query('ws9', 'later.example', 2),
        query('ws9', 'second.example', 3),
      ];
      assert.deepEqual(outcome(await collect(hunter, lines, 'windows')).detections, []);
      const report = await hunter.refresh();
      assert.equal(report.updated, 2);
      assert.deepEqual(
        outcome(await collect(hunter, lines, 'windows')).detections.map((detection) => [
          detection.indicator,
          detection.lines,
        ]),
        [
          [later.id, [2]],
          [sequence.id, [1, 3]],
        ],
      );
      assert.throws(() => hunter.push({} as never), /through hunt\(\)/);
    } finally {
      await hunter.close();
    }
  });

  it('says when the format cannot be told, before any line is read', async () => {
    const hunter = await open(1);
    try {
      await assert.rejects(collect(hunter, ['plain text', 'more text']), UnknownFormatError);
    } finally {
      await hunter.close();
    }
  });

  it('fails to open, with the reason, when a worker cannot reach the store', async () => {
    await assert.rejects(open(1, { databaseUrl: 'mysql://nowhere' }), /hunt worker: .*mysql/);
  });
});
