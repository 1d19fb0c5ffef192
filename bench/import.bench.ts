// Import of MITRE ATT&CK Enterprise (24,771 objects, 46 MB), validation included, into SQLite and
// PostgreSQL, against a baseline in the same run that only parses the file with JSON.parse and
// inserts the raw rows without validation, into the same database. The import is importStixBytes,
// which prepares on a worker thread while this one writes; importStix, which does both in turn on
// one thread, is measured beside it in the same rounds.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { importStix, importStixBytes } from '../src/ingest/import.js';
import type { StixObject } from '../src/stix/object.js';
import { fileChunks, readStix } from '../src/stix/stream/read.js';
import { openStore } from '../src/store/open.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import type { Store } from '../src/store/store.js';
import { type Bench, type Figure, median, peakRssMb, seconds } from './harness.js';

const ATTACK = resolve('../shared/intel/attack/enterprise-attack-18.1-rebuilt-from-mitre-cti.json');
const PG_URL = process.env.DREAMCATCHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROUNDS = 3;

type Importer = 'worker' | 'one thread';

async function importInto(store: Store, importer: Importer): Promise<number> {
  const collection = (await store.createCollection({ title: 'attack' })).id;
  const summary =
    importer === 'worker'
      ? await importStixBytes(store, fileChunks(ATTACK), { collection })
      : await importStix(store, readStix(fileChunks(ATTACK)), { collection });
  if (summary.rejected !== 0 || summary.added !== 24771) {
    throw new Error(`import went wrong: ${JSON.stringify(summary)}`);
  }
  return summary.added;
}

function parseWhole(): StixObject[] {
  return (JSON.parse(readFileSync(ATTACK, 'utf8')) as { objects: StixObject[] }).objects;
}

function sqliteBaseline(dir: string): void {
  const db = new Database(join(dir, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE raw (id TEXT, type TEXT, json TEXT)');
  const insert = db.prepare('INSERT INTO raw VALUES (?, ?, ?)');
  const objects = parseWhole();
  for (let i = 0; i < objects.length; i += 1000) {
    db.transaction(() => {
      for (const o of objects.slice(i, i + 1000)) insert.run(o.id, o.type, JSON.stringify(o));
    })();
  }
  db.close();
}

async function postgresBaseline(client: pg.Client, schema: string): Promise<void> {
  await client.query(`CREATE TABLE ${schema}.raw (id text, type text, json text)`);
  const objects = parseWhole();
  for (let i = 0; i < objects.length; i += 1000) {
    const batch = objects.slice(i, i + 1000);
    await client.query(`INSERT INTO ${schema}.raw SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [
      batch.map((o) => o.id),
      batch.map((o) => o.type),
      batch.map((o) => JSON.stringify(o)),
    ]);
  }
}

/** Seconds to import into a fresh SQLite store in a folder of its own. */
async function sqliteImport(importer: Importer): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'dc-bench-import-'));
  try {
    const store = await openStore({ dataDir: dir });
    const time = await seconds(() => importInto(store, importer));
    await store.close();
    return time;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sqliteFigures(): Promise<Figure[]> {
  const ours: number[] = [];
  const oneThread: number[] = [];
  const base: number[] = [];
  let rss = 0;
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await sqliteImport('worker'));
    if (round === 0) rss = peakRssMb(); // before any baseline has parsed the whole file at once
    oneThread.push(await sqliteImport('one thread'));
    const dir = mkdtempSync(join(tmpdir(), 'dc-bench-import-'));
    try {
      base.push(await seconds(() => sqliteBaseline(dir)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const rate = 24771 / median(ours);
  const baseRate = 24771 / median(base);
  const baseline = { name: 'JSON.parse + raw inserts', value: baseRate };
  return [
    {
      name: 'import ATT&CK into SQLite (validated)',
      value: rate,
      unit: 'objects/s',
      baseline,
      target: '>= 30,000 objects/s and >= 0.5 of baseline',
      met: rate >= 30000 && rate >= baseRate / 2,
    },
    {
      name: 'the same on one thread (importStix)',
      value: 24771 / median(oneThread),
      unit: 'objects/s',
      baseline,
    },
    { name: 'peak RSS of the SQLite import', value: rss, unit: 'MB', target: '< 400 MB', met: rss < 400 },
  ];
}

async function postgresFigures(): Promise<Figure[]> {
  const ours: number[] = [];
  const oneThread: number[] = [];
  const base: number[] = [];
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  /** Runs `work` in a fresh schema, dropped afterwards. */
  const inSchema = async (name: string, work: (schema: string) => Promise<number>) => {
    const schema = `bench_import_${process.pid}_${name}`;
    try {
      return await work(schema);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  };
  /** Seconds to import into a store in `schema`, not counting its opening. */
  const importer = (how: Importer) => async (schema: string) => {
    const store = await openPostgresStore({ url: PG_URL, schema });
    try {
      return await seconds(() => importInto(store, how));
    } finally {
      await store.close();
    }
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      ours.push(await inSchema(`${round}_worker`, importer('worker')));
      oneThread.push(await inSchema(`${round}_thread`, importer('one thread')));
      base.push(
        await inSchema(`${round}_base`, async (schema) => {
          await admin.query(`CREATE SCHEMA ${schema}`);
          return seconds(() => postgresBaseline(admin, schema));
        }),
      );
    }
  } finally {
    await admin.end();
  }
  const rate = 24771 / median(ours);
  const baseRate = 24771 / median(base);
  const baseline = { name: 'JSON.parse + raw inserts', value: baseRate };
  return [
    {
      name: 'import ATT&CK into PostgreSQL (validated)',
      value: rate,
      unit: 'objects/s',
      baseline,
      target: '>= 10,000 objects/s and >= 0.5 of baseline',
      met: rate >= 10000 && rate >= baseRate / 2,
    },
    {
      name: 'the same on one thread (importStix)',
      value: 24771 / median(oneThread),
      unit: 'objects/s',
      baseline,
    },
  ];
}

export const bench: Bench = {
  name: 'import',
  async run() {
    return [...(await sqliteFigures()), ...(await postgresFigures())];
  },
};
