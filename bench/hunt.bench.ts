// Hunting over Sysmon JSON lines with a million indicators loaded, and live ingest over HTTP.
//
// Hunt: the loop `dreamcatcher hunt FILE` runs (openInput's chunks through hunter.hunt, with the
// format detected and the worker threads the command starts, hunter.report for detections) over a
// file of Sysmon events (hunt-workload.ts), with the hunter opened by Hunter.open over a SQLite
// store holding the indicators, so they are loaded as the command loads them. The baseline, in the same run, reads the
// same file through the same chunks and line splitter and JSON.parse's each line. Passes alternate
// between the two (every other round in reverse order); the figures are medians, with the spread.
// One further pass records sightings (record: true) to show what that costs.
//
// Live ingest: the dreamcatcher server (buildServer over a copy of the same store) in a child
// process, autocannon in this one POSTing NDJSON bodies of 1,000 Sysmon events to
// /api/v1/telemetry as an analyst for a minute; events/s over the minute and per 10 s, and the
// server's RSS every 10 s. The baseline is a bare fastify route in another child that reads the
// same bodies line by line with linesOf and JSON.parse's each line, driven the same way.
//
// The event file and the filled store are kept in .bench-tmp/hunt/ between runs (keyed by their
// sizes, the schema version and the workload version); the store is copied for each run so that no
// run sees another's sightings. Environment: DREAMCATCHER_BENCH_HUNT_EVENTS (events in the file),
// DREAMCATCHER_BENCH_HUNT_INDICATORS, DREAMCATCHER_BENCH_HUNT_SECONDS (of live ingest, per server),
// DREAMCATCHER_BENCH_HUNT_CONNECTIONS, DREAMCATCHER_BENCH_HUNT_ONLY=hunt|ingest,
// DREAMCATCHER_BENCH_HUNT_WORKERS (the hunts' worker threads; one per core up to 4 by default),
// DREAMCATCHER_BENCH_HUNT_PROFILE=folder (a --cpu-prof of the dreamcatcher server), and
// DREAMCATCHER_BENCH_TELEMETRY (the folder of OTRF Windows datasets, ../shared/telemetry/windows).

import { type ChildProcess, fork } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { Directory } from '../src/access/directory.js';
import { SYSTEM } from '../src/access/principal.js';
import { openInput } from '../src/cli/input.js';
import { defaultWorkerCount } from '../src/cli/worker-count.js';
import { DetectionBatcher } from '../src/hunt/batch.js';
import { Hunter } from '../src/hunt/hunter.js';
import { materialize } from '../src/observe/materialize.js';
import { linesOf } from '../src/observe/read-events.js';
import { loadPack } from '../src/packs/load.js';
import { buildServer } from '../src/server/app.js';
import type { StixRecord } from '../src/stix/object.js';
import { TLP2_MARKINGS } from '../src/stix/tlp.js';
import { SERVING_THREADS } from '../src/store/open.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { type Bench, type Figure, formatFigure, median, peakRssMb } from './harness.js';
import { huntIndicator, type SysmonWorkload, sysmonTemplates, writeSysmonEvents } from './hunt-workload.js';
import { autocannon, isRunning, type LoadResult } from './load.js';

const EVENTS = Number(process.env.DREAMCATCHER_BENCH_HUNT_EVENTS ?? 300_000);
const INDICATORS = Number(process.env.DREAMCATCHER_BENCH_HUNT_INDICATORS ?? 1_000_000);
const INGEST_SECONDS = Number(process.env.DREAMCATCHER_BENCH_HUNT_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.DREAMCATCHER_BENCH_HUNT_CONNECTIONS ?? 8);
const ONLY = process.env.DREAMCATCHER_BENCH_HUNT_ONLY;
const PROFILE_DIR = process.env.DREAMCATCHER_BENCH_HUNT_PROFILE;
const TELEMETRY = resolve(
  process.env.DREAMCATCHER_BENCH_TELEMETRY ?? join('..', 'shared', 'telemetry', 'windows'),
);
const HIT_RATE = 0.01;
const ROUNDS = 3;
const FILL_BATCH = 10_000;
const BODY_EVENTS = 1000;
const BODIES = 32;
const WINDOW_SECONDS = 10;
/** Bump when the events, the indicators or the filled store of this bench change. */
const WORKLOAD_VERSION = 2;
const SCHEMA_VERSION = Math.max(...SQLITE_MIGRATIONS.map((migration) => migration.version));
const FOLDER = resolve('.bench-tmp', 'hunt');
const ORG = 'hunters';
const WINDOW_MS = 3_600_000;
const MB = 1e6;

// ---------------------------------------------------------------------------------------------
// The event file and the filled store, made once and kept.

/** Removes what runs that did not finish left behind, and files of older versions (a store is 1 GB). */
function removeLeftovers(): void {
  for (const file of readdirSync(FOLDER)) {
    const pid = /^(?:run|serve|building)-(\d+)/.exec(file)?.[1];
    const stale =
      pid !== undefined
        ? !isRunning(Number(pid))
        : (file.startsWith('sysmon-') && !file.includes(`-w${WORKLOAD_VERSION}.`)) ||
          (file.startsWith('filled-') && !file.includes(`-schema${SCHEMA_VERSION}-w${WORKLOAD_VERSION}.`));
    if (stale) rmSync(join(FOLDER, file), { force: true });
  }
}

interface EventFile extends SysmonWorkload {
  path: string;
  bytes: number;
}

/** EVENTS Sysmon lines, about 1% of them carrying an indicator's value. */
function eventFile(): EventFile {
  const name = `sysmon-e${EVENTS}-i${INDICATORS}-w${WORKLOAD_VERSION}`;
  const path = join(FOLDER, `${name}.jsonl`);
  const info = join(FOLDER, `${name}.json`);
  if (existsSync(path) && existsSync(info)) {
    return {
      ...(JSON.parse(readFileSync(info, 'utf8')) as SysmonWorkload),
      path,
      bytes: statSync(path).size,
    };
  }
  console.error(`hunt bench: writing ${EVENTS.toLocaleString('en-US')} Sysmon events from ${TELEMETRY}`);
  const building = join(FOLDER, `building-${process.pid}.jsonl`);
  const fd = openSync(building, 'w');
  let workload: SysmonWorkload;
  try {
    workload = writeSysmonEvents(sysmonTemplates(TELEMETRY), EVENTS, INDICATORS, HIT_RATE, 7, (text) =>
      writeSync(fd, text),
    );
  } finally {
    closeSync(fd);
  }
  renameSync(building, path);
  writeFileSync(info, JSON.stringify(workload));
  return { ...workload, path, bytes: statSync(path).size };
}

interface Filling {
  indicators: number;
  org: string;
  /** Objects per second while filling, when this run filled the store. */
  fillRate?: number;
}

/**
 * A store holding the organisation that hunts, the DreamJob pack (public) and INDICATORS indicators
 * in a collection the organisation may read.
 */
async function filledStore(): Promise<{ path: string; filling: Filling }> {
  const name = `filled-i${INDICATORS}-schema${SCHEMA_VERSION}-w${WORKLOAD_VERSION}`;
  const path = join(FOLDER, `${name}.db`);
  const info = join(FOLDER, `${name}.json`);
  if (existsSync(path) && existsSync(info)) {
    return { path, filling: JSON.parse(readFileSync(info, 'utf8')) as Filling };
  }
  console.error(`hunt bench: storing ${INDICATORS.toLocaleString('en-US')} indicators`);
  const building = join(FOLDER, `building-${process.pid}.db`);
  const store = await openSqliteStore({ path: building });
  const directory = new Directory(store);
  const org = await directory.createOrg(SYSTEM, ORG);
  const vendor = await directory.createOrg(SYSTEM, 'feed vendor');
  const { collection } = await directory.createCollection(SYSTEM, {
    title: 'feed',
    grants: [{ org: org.id, read: true, write: false, red: false }],
  });
  await loadPack(store, 'dreamjob');
  const started = process.hrtime.bigint();
  for (let start = 0; start < INDICATORS; start += FILL_BATCH) {
    const records: StixRecord[] = [];
    for (let n = start; n < Math.min(start + FILL_BATCH, INDICATORS); n++) {
      const object = huntIndicator(n, vendor.identity.id as string);
      records.push({ object, json: JSON.stringify(object) });
    }
    for (const [i, outcome] of (await store.put(collection.id, records)).entries()) {
      if (outcome.status !== 'added')
        throw new Error(`filling: indicator ${start + i} was ${outcome.status}`);
    }
  }
  const fillRate = INDICATORS / (Number(process.hrtime.bigint() - started) / 1e9);
  await store.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const filling: Filling = { indicators: INDICATORS, org: org.id };
  writeFileSync(info, JSON.stringify(filling));
  renameSync(building, path);
  return { path, filling: { ...filling, fillRate } };
}

/** A copy of the filled store for this run, removed with `remove`. */
function copyOf(filled: string, prefix: string): { path: string; remove: () => void } {
  const path = join(FOLDER, `${prefix}-${process.pid}.db`);
  copyFileSync(filled, path);
  return {
    path,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Hunt.

interface Pass {
  seconds: number;
  lines: number;
  events: number;
  detections: number;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc (bench/run.ts passes it)');
  gc();
  gc();
}

/** The baseline: the same chunks and line splitter, JSON.parse of every line, nothing else. */
async function parsePass(file: string): Promise<Pass> {
  collect();
  const started = process.hrtime.bigint();
  let lines = 0;
  for await (const line of linesOf(openInput(file).chunks)) {
    JSON.parse(line);
    lines++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, lines, events: lines, detections: 0 };
}

/** What `dreamcatcher hunt FILE` does with a file, outputs aside (its batches of detections too). */
async function huntPass(hunter: Hunter, file: string): Promise<Pass> {
  collect();
  const before = { ...hunter.stats };
  const batcher = new DetectionBatcher(hunter, {
    marking: TLP2_MARKINGS.amber.id as string,
    onAlerts: () => undefined,
  });
  const started = process.hrtime.bigint();
  for await (const batch of hunter.hunt(openInput(file).chunks, { source: file })) {
    if (batch.errors.length > 0)
      throw new Error(`${file}:${batch.errors[0]?.line}: ${batch.errors[0]?.message}`);
    await batcher.add(batch.detections);
  }
  await batcher.flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = hunter.stats.events - before.events;
  return {
    seconds,
    // Every line of the file is one event (no blank lines, no skips: errors throw above).
    lines: events,
    events,
    detections: hunter.stats.detections - before.detections,
  };
}

/** Worker threads of the hunts measured: as `dreamcatcher hunt FILE` picks them (one per core, at most 4). */
const WORKERS = Number(process.env.DREAMCATCHER_BENCH_HUNT_WORKERS ?? defaultWorkerCount());

async function openHunter(path: string, org: string, record: boolean, workers: number) {
  const store = await openSqliteStore({ path });
  const directory = new Directory(store);
  const organisation = await directory.findOrg(org);
  if (organisation === undefined) throw new Error(`no organisation ${org} in ${path}`);
  collect();
  // The detector and the compiled index keep their texts and numbers in array buffers, outside the heap.
  const before = process.memoryUsage();
  const started = process.hrtime.bigint();
  const hunter = await Hunter.open({
    store,
    directory,
    org: organisation,
    record,
    windowMs: WINDOW_MS,
    outputs: [],
    materialize: (event) => materialize(event),
    onEvaluationError: () => undefined,
    ...(workers === 0 ? {} : { workers: { count: workers, store: { sqlitePath: path } } }),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  collect();
  const after = process.memoryUsage();
  const heapMb = (after.heapUsed - before.heapUsed) / MB;
  const buffersMb = (after.arrayBuffers - before.arrayBuffers) / MB;
  return { hunter, store, seconds, heapMb, buffersMb };
}

interface HuntMeasured {
  file: EventFile;
  loadSeconds: number;
  loaded: number;
  heapMb: number;
  buffersMb: number;
  parse: Pass[];
  hunt: Pass[];
  oneThread: Pass;
  oneThreadLoadSeconds: number;
  recorded: Pass & { created: number; updated: number };
  peakRss: number;
  fillRate: number | undefined;
}

const rate = (pass: Pass) => pass.lines / pass.seconds;

/** Hunt passes alternating with baseline passes, over one hunter (record: false). */
async function alternatePasses(path: string, filling: Filling, file: string) {
  const opened = await openHunter(path, filling.org, false, WORKERS);
  console.error(
    `hunt bench: ${opened.hunter.stats.indicators.toLocaleString('en-US')} indicators loaded in ${opened.seconds.toFixed(1)} s`,
  );
  const parse: Pass[] = [];
  const hunt: Pass[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const which of round % 2 === 0 ? ['parse', 'hunt'] : ['hunt', 'parse']) {
      const pass = which === 'parse' ? await parsePass(file) : await huntPass(opened.hunter, file);
      (which === 'parse' ? parse : hunt).push(pass);
      console.error(`hunt bench: round ${round} ${which}`, pass);
    }
  }
  await opened.hunter.close();
  await opened.store.close();
  return {
    parse,
    hunt,
    loadSeconds: opened.seconds,
    loaded: opened.hunter.stats.indicators,
    peakRss: peakRssMb(),
  };
}

/**
 * One pass with everything on this thread (workers: 0), for the figure per core and for the memory
 * the loaded hunter holds (a worker's heap is not this thread's to measure).
 */
async function oneThreadPass(path: string, filling: Filling, file: string) {
  const opened = await openHunter(path, filling.org, false, 0);
  const pass = await huntPass(opened.hunter, file);
  await opened.store.close();
  console.error('hunt bench: one-thread pass', pass);
  return {
    oneThread: pass,
    oneThreadLoadSeconds: opened.seconds,
    heapMb: opened.heapMb,
    buffersMb: opened.buffersMb,
  };
}

/** One pass of a hunter that records sightings, into the store at `path`. */
async function recordingPass(path: string, filling: Filling, file: string) {
  const recording = await openHunter(path, filling.org, true, WORKERS);
  const pass = await huntPass(recording.hunter, file);
  await recording.hunter.close();
  await recording.store.close();
  const { sightingsCreated: created, sightingsUpdated: updated } = recording.hunter.stats;
  console.error('hunt bench: recording pass', { ...pass, created, updated });
  return { ...pass, created, updated };
}

async function measureHunt(filled: string, filling: Filling): Promise<HuntMeasured> {
  const file = eventFile();
  const copy = copyOf(filled, 'run');
  try {
    // The first hunter is out of reach once its passes return, so the second does not sit beside it.
    const passes = await alternatePasses(copy.path, filling, file.path);
    const oneThread = await oneThreadPass(copy.path, filling, file.path);
    const recorded = await recordingPass(copy.path, filling, file.path);
    return { file, ...passes, ...oneThread, recorded, fillRate: filling.fillRate };
  } finally {
    copy.remove();
  }
}

function spread(values: readonly number[]): string {
  const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
  return `${fmt(Math.min(...values))}-${fmt(Math.max(...values))}`;
}

function huntFigures(m: HuntMeasured): Figure[] {
  const huntRate = median(m.hunt.map(rate));
  const parseRate = median(m.parse.map(rate));
  const mbPerLine = m.file.bytes / MB / m.file.events;
  const detections = m.hunt[0]?.detections ?? 0;
  const n = INDICATORS.toLocaleString('en-US');
  const result: Figure[] = [
    {
      name:
        `hunt over ${m.file.events.toLocaleString('en-US')} Sysmon JSON lines (${(m.file.bytes / MB).toFixed(0)} MB, ` +
        `${detections} detections, ${m.file.planted} planted), ${m.loaded.toLocaleString('en-US')} indicators, ` +
        `record: false, ${WORKERS} worker threads (as \`hunt FILE\` picks them); median of ${ROUNDS} (${spread(m.hunt.map(rate))})`,
      value: huntRate,
      unit: 'events/s',
      baseline: {
        name: `same chunks and linesOf, JSON.parse per line (${spread(m.parse.map(rate))})`,
        value: parseRate,
      },
      target: '>= 50% of the baseline',
      met: huntRate >= parseRate / 2,
    },
    {
      name: 'the same in MB/s',
      value: huntRate * mbPerLine,
      unit: 'MB/s',
      baseline: { name: 'JSON.parse per line', value: parseRate * mbPerLine },
    },
    {
      name: 'the same on one thread (workers: 0), one pass',
      value: rate(m.oneThread),
      unit: 'events/s',
      baseline: { name: 'JSON.parse per line', value: parseRate },
    },
    {
      name: `hunt recording sightings (record: true, ${m.recorded.created} created, ${m.recorded.updated} updated), one pass`,
      value: rate(m.recorded),
      unit: 'events/s',
      baseline: { name: 'record: false, median', value: huntRate },
    },
    {
      name: `loading ${n} indicators + the DreamJob pack through the store (Hunter.open), ${WORKERS} workers each loading them`,
      value: m.loadSeconds,
      unit: 's',
      baseline: { name: 'on one thread', value: m.oneThreadLoadSeconds },
    },
    {
      name: `memory held by a hunter loaded on one thread (each worker holds as much), after gc: JS heap + array buffers (${Math.round(((m.heapMb + m.buffersMb) * MB) / m.loaded)} bytes an indicator)`,
      value: m.heapMb + m.buffersMb,
      unit: 'MB',
      baseline: { name: 'JS heap part alone', value: m.heapMb },
    },
    { name: 'peak RSS of the hunt (indicators loaded, record: false passes)', value: m.peakRss, unit: 'MB' },
  ];
  if (m.fillRate !== undefined) {
    result.push({
      name: `filling the store (store.put, batches of ${FILL_BATCH.toLocaleString('en-US')})`,
      value: m.fillRate,
      unit: 'objects/s',
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Live ingest: the servers (child processes).

interface Ready {
  port: number;
  /** The analyst's token; absent for the baseline. */
  token?: string;
}

/**
 * `collect`: a full garbage collection first, so that the heap is what is retained. `request` pairs
 * the answer with its question: a sample may be asked while another is on its way.
 */
type ToServer = { kind: 'memory'; request: number; collect: boolean } | { kind: 'stop' };
type FromServer =
  | { kind: 'ready'; ready: Ready }
  | { kind: 'memory'; request: number; rss: number; heap: number };

function answerParent(onStop: () => Promise<void>): void {
  // A load generator that died leaves no one to stop this server.
  process.on('disconnect', () => void onStop().then(() => process.exit(1)));
  process.on('message', (message: ToServer) => {
    if (message.kind === 'memory') {
      if (message.collect) collect();
      const usage = process.memoryUsage();
      process.send?.({
        kind: 'memory',
        request: message.request,
        rss: usage.rss / MB,
        heap: usage.heapUsed / MB,
      } satisfies FromServer);
    }
    if (message.kind === 'stop') void onStop().then(() => process.exit(0));
  });
}

function portOf(app: { server: { address(): unknown } }): number {
  const address = app.server.address() as { port?: number } | null;
  if (address?.port === undefined) throw new Error('the server has no TCP port');
  return address.port;
}

async function serveDreamcatcher(): Promise<void> {
  mkdirSync(FOLDER, { recursive: true });
  const { path: filled, filling } = await filledStore();
  const copy = copyOf(filled, 'serve');
  // As `serve` opens it: puts committed on a thread of their own.
  const store = await openSqliteStore({ path: copy.path, ...SERVING_THREADS });
  const directory = new Directory(store);
  const analyst = await directory.createUser(SYSTEM, { name: 'analyst', org: filling.org, role: 'analyst' });
  const app = await buildServer({
    store,
    directory,
    logLevel: false,
    // As `serve` starts it: one worker per core, at most 4.
    ...(WORKERS === 0 ? {} : { huntWorkers: { count: WORKERS, store: { sqlitePath: copy.path } } }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerParent(async () => {
    await app.close();
    await store.close();
    copy.remove();
  });
  process.send?.({ kind: 'ready', ready: { port: portOf(app), token: analyst.token } } satisfies FromServer);
}

const NDJSON = 'application/x-ndjson';

/** A bare route: the body read line by line with the same splitter, each line JSON.parse'd. */
async function serveBaseline(): Promise<void> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser(NDJSON, (_request, payload, done) => done(null, payload));
  app.post('/api/v1/telemetry', async (request, reply) => {
    let events = 0;
    for await (const line of linesOf(request.body as AsyncIterable<Buffer>)) {
      JSON.parse(line);
      events++;
    }
    reply.type('application/json');
    return JSON.stringify({ events, detections: 0 });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerParent(() => app.close());
  process.send?.({ kind: 'ready', ready: { port: portOf(app) } } satisfies FromServer);
}

// ---------------------------------------------------------------------------------------------
// Live ingest: the load (this process).

class Server {
  private requests = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static async start(mode: 'dreamcatcher' | 'baseline'): Promise<Server> {
    const profile = mode === 'dreamcatcher' && PROFILE_DIR !== undefined;
    const child = fork(fileURLToPath(import.meta.url), ['--serve', mode], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : [])],
    });
    const ready = await new Promise<Ready>((resolveReady, reject) => {
      child.once('exit', (code) => reject(new Error(`the ${mode} server exited with code ${code}`)));
      child.on('message', (message: FromServer) => {
        if (message.kind === 'ready') resolveReady(message.ready);
      });
    });
    child.removeAllListeners('exit');
    return new Server(child, ready);
  }

  get url(): string {
    return `http://127.0.0.1:${this.ready.port}/api/v1/telemetry`;
  }

  get headers(): Record<string, string> {
    return {
      'content-type': NDJSON,
      ...(this.ready.token === undefined ? {} : { authorization: `Bearer ${this.ready.token}` }),
    };
  }

  memory(collect = false): Promise<Memory> {
    const request = ++this.requests;
    return new Promise((resolveMemory) => {
      const listener = (message: FromServer) => {
        if (message.kind !== 'memory' || message.request !== request) return;
        this.child.off('message', listener);
        resolveMemory({ rss: message.rss, heap: message.heap });
      };
      this.child.on('message', listener);
      this.child.send({ kind: 'memory', request, collect } satisfies ToServer);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolveStop) => {
      this.child.once('exit', () => resolveStop());
      this.child.send({ kind: 'stop' } satisfies ToServer);
    });
  }
}

interface Memory {
  rss: number;
  heap: number;
}

/** BODIES bodies of BODY_EVENTS Sysmon lines, made like the event file (other seeds). */
function ingestBodies(hitRate: number): Buffer[] {
  const templates = sysmonTemplates(TELEMETRY);
  const bodies: Buffer[] = [];
  for (let b = 0; b < BODIES; b++) {
    const parts: string[] = [];
    writeSysmonEvents(templates, BODY_EVENTS, INDICATORS, hitRate, 1000 + b, (text) => parts.push(text));
    bodies.push(Buffer.from(parts.join('')));
  }
  return bodies;
}

interface Ingest {
  seconds: number;
  events: number;
  detections: number;
  /** Events answered in each window of WINDOW_SECONDS. */
  windows: number[];
  /** Server memory at the start and after each window. */
  memory: Memory[];
  /** Retained (after a full collection) before the first request and after the last. */
  retained: { before: Memory; after: Memory };
  p99: number;
}

/** The answer to the first request: the dreamcatcher server opens its hunter then (1M indicators). */
async function warmUp(server: Server, body: Buffer): Promise<void> {
  const response = await fetch(server.url, { method: 'POST', headers: server.headers, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`warm-up: ${response.status} ${text.slice(0, 300)}`);
}

async function ingest(server: Server, bodies: readonly Buffer[], seconds: number): Promise<Ingest> {
  let sent = 0;
  let events = 0;
  let detections = 0;
  const windows = Array.from({ length: Math.ceil(seconds / WINDOW_SECONDS) }, () => 0);
  const refused: string[] = [];
  const before = await server.memory(true);
  const memory = [await server.memory()];
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const sampling: Promise<number>[] = [];
  const sampler = setInterval(() => {
    sampling.push(server.memory().then((sample) => memory.push(sample)));
  }, WINDOW_SECONDS * 1000);
  let result: LoadResult;
  try {
    result = await autocannon({
      url: server.url,
      connections: CONNECTIONS,
      duration: seconds,
      timeout: 120,
      requests: [
        {
          method: 'POST',
          headers: server.headers,
          setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] as Buffer }),
          onResponse: (status, body) => {
            const at = elapsed();
            if (status !== 200) {
              refused.push(`${status} ${body.slice(0, 300)}`);
              return;
            }
            if (at >= seconds) return;
            const answer = JSON.parse(body) as { events: number; detections: number };
            events += answer.events;
            detections += answer.detections;
            const window = Math.floor(at / WINDOW_SECONDS);
            windows[window] = (windows[window] ?? 0) + answer.events;
          },
        },
      ],
    });
  } finally {
    clearInterval(sampler);
  }
  if (refused.length > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${server.url}: ${refused.length} refused (e.g. ${refused[0]}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  await Promise.all(sampling);
  // The sample of the last window, if the interval has not taken it yet.
  while (memory.length <= windows.length) memory.push(await server.memory());
  const retained = { before, after: await server.memory(true) };
  return { seconds, events, detections, windows, memory, retained, p99: result.latency.p99 };
}

interface IngestMeasured {
  bare: Ingest;
  dreamcatcher: Ingest;
  /** The same server afterwards, with bodies in which no event carries an indicator's value. */
  noHits: Ingest;
  warmUpSeconds: number;
}

async function measureIngest(): Promise<IngestMeasured> {
  const bodies = ingestBodies(HIT_RATE);
  const bare = await Server.start('baseline');
  let baseline: Ingest;
  try {
    await warmUp(bare, bodies[0] as Buffer);
    baseline = await ingest(bare, bodies, INGEST_SECONDS);
  } finally {
    await bare.stop();
  }
  const dreamcatcher = await Server.start('dreamcatcher');
  try {
    const started = process.hrtime.bigint();
    await warmUp(dreamcatcher, bodies[0] as Buffer);
    const warmUpSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.error(`hunt bench: the server's hunter opened in ${warmUpSeconds.toFixed(1)} s`);
    const measured = await ingest(dreamcatcher, bodies, INGEST_SECONDS);
    const half = Math.max(1, Math.round(INGEST_SECONDS / 2 / WINDOW_SECONDS)) * WINDOW_SECONDS;
    const noHits = await ingest(dreamcatcher, ingestBodies(0), half);
    return { bare: baseline, dreamcatcher: measured, noHits, warmUpSeconds };
  } finally {
    await dreamcatcher.stop();
  }
}

/** Flat: what is retained after the run within 5% (and 10 MB) of what was retained before it. */
function isFlat(run: Ingest): boolean {
  return run.retained.after.heap <= run.retained.before.heap * 1.05 + 10;
}

/** Events per second in each window (the last may be shorter). */
function perWindow(run: Ingest): number[] {
  return run.windows.map((events, i) => events / Math.min(WINDOW_SECONDS, run.seconds - i * WINDOW_SECONDS));
}

function ingestFigures(m: IngestMeasured): Figure[] {
  const d = m.dreamcatcher;
  const perSecond = (run: Ingest) => run.events / run.seconds;
  const windows = (run: Ingest) =>
    perWindow(run)
      .map((rate) => Math.round(rate).toLocaleString('en-US'))
      .join(', ');
  const rss = d.memory.map((sample) => sample.rss.toFixed(0)).join(', ');
  const heap = d.memory.map((sample) => sample.heap.toFixed(0)).join(', ');
  const bare = { name: 'bare fastify route, linesOf + JSON.parse per line', value: perSecond(m.bare) };
  return [
    {
      name:
        `live ingest, POST /api/v1/telemetry, ${CONNECTIONS} clients, bodies of ${BODY_EVENTS} Sysmon events (1% carrying ` +
        `an indicator's value), ${INDICATORS.toLocaleString('en-US')} indicators, ${WORKERS} hunt workers, sightings recorded ` +
        `(${d.detections} detections), ${d.seconds} s`,
      value: perSecond(d),
      unit: 'events/s',
      baseline: bare,
      target: '>= 50,000 events/s',
      met: perSecond(d) >= 50_000,
    },
    {
      name: `  per ${WINDOW_SECONDS} s: ${windows(d)} (bare route: ${windows(m.bare)})`,
      value: Math.min(...perWindow(d)),
      unit: 'events/s, slowest window',
    },
    {
      name: `  server RSS at the start and every ${WINDOW_SECONDS} s: ${rss} MB (heap used ${heap} MB)`,
      value: (d.memory.at(-1)?.rss ?? 0) - (d.memory[0]?.rss ?? 0),
      unit: 'MB grown',
    },
    {
      name: '  server heap retained (after a full gc) after the run',
      value: d.retained.after.heap,
      unit: 'MB',
      baseline: { name: 'before the run', value: d.retained.before.heap },
      target: 'flat (within 5% + 10 MB)',
      met: isFlat(d),
    },
    {
      name: '  p99 latency of a body',
      value: d.p99,
      unit: 'ms',
      baseline: { name: 'bare route', value: m.bare.p99 },
    },
    {
      name: "  the server's first request (its hunter opened, indicators loaded)",
      value: m.warmUpSeconds,
      unit: 's',
    },
    {
      name:
        `live ingest as above, bodies without indicator values (${m.noHits.detections} detections), ` +
        `${m.noHits.seconds} s, per ${WINDOW_SECONDS} s: ${windows(m.noHits)}; heap retained ` +
        `${m.noHits.retained.before.heap.toFixed(0)} MB before, ${m.noHits.retained.after.heap.toFixed(0)} MB after`,
      value: perSecond(m.noHits),
      unit: 'events/s',
      baseline: bare,
    },
  ];
}

// ---------------------------------------------------------------------------------------------

export const bench: Bench = {
  name: 'hunt',
  async run(): Promise<Figure[]> {
    mkdirSync(FOLDER, { recursive: true });
    removeLeftovers();
    const figures: Figure[] = [];
    if (ONLY !== 'ingest') {
      const { path, filling } = await filledStore();
      figures.push(...huntFigures(await measureHunt(path, filling)));
    }
    if (ONLY !== 'hunt') {
      // Filled here, not in the server, so that a first run's filling is not timed as the server's start.
      await filledStore();
      figures.push(...ingestFigures(await measureIngest()));
    }
    return figures;
  },
};

// ---------------------------------------------------------------------------------------------
// Entry points: `--serve dreamcatcher|baseline` in a child; run directly, the whole bench.

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, which] = process.argv.slice(2);
  if (mode === '--serve' && which === 'dreamcatcher') await serveDreamcatcher();
  else if (mode === '--serve' && which === 'baseline') await serveBaseline();
  else for (const figure of await bench.run()) console.log(formatFigure(figure));
}
