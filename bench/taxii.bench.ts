// TAXII 2.1 over HTTP on loopback, one server process: pages of Get Objects from a collection of a
// million indicators (SQLite) at 32 concurrent clients, first page against the last, and Add Objects
// envelopes of 100 new indicators. Each server runs in a child process so that the load generator
// (autocannon, in this process) does not share its event loop. The baseline is a bare fastify
// route, also in a child, that answers the same page bytes from memory and takes the same envelopes
// with JSON.parse alone; runs alternate between the two so that both see the same noise.
//
// The filled database is kept in .bench-tmp/taxii/ between runs (keyed by the object count, the
// schema version and the workload version) and copied before each run, so the writes of one run
// never reach the next. DREAMCATCHER_BENCH_TAXII_OBJECTS shrinks the collection for a quick run,
// DREAMCATCHER_BENCH_TAXII_SECONDS sets the seconds per figure, DREAMCATCHER_BENCH_TAXII_PROFILE
// names a folder for a --cpu-prof of the dreamcatcher server, DREAMCATCHER_BENCH_TAXII_VERBOSE
// prints every GET and POST round to stderr, DREAMCATCHER_BENCH_TAXII_ONLY=post skips the GET
// figures (for experiments on the write path; its profile then holds the POSTs alone) and =random
// measures random pages against the bare route alone, and DREAMCATCHER_BENCH_TAXII_SERVER_FLAGS
// passes Node flags to the dreamcatcher server (`--trace-gc`, say).

import { type ChildProcess, fork } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { Directory } from '../src/access/directory.js';
import { SYSTEM } from '../src/access/principal.js';
import { buildServer } from '../src/server/app.js';
import type { StixObject, StixRecord } from '../src/stix/object.js';
import { toMicros } from '../src/stix/timestamp.js';
import { TLP_AMBER, TLP_CLEAR, TLP_GREEN } from '../src/stix/tlp.js';
import { encodeCursor } from '../src/store/common.js';
import { SERVING_THREADS } from '../src/store/open.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { SQLITE_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { TAXII_MEDIA_TYPE } from '../src/taxii/media-types.js';
import { type Bench, type Figure, formatFigure, median, peakRssMb, random } from './harness.js';
import { autocannon, isRunning, type LoadResult } from './load.js';
import {
  FAMILIES,
  FEED_START,
  hexValue,
  INDICATOR_TYPES,
  PATTERN_PREFIXES,
  simpleValueOf,
  uuidOf,
  YEAR_MS,
} from './pattern-workload.js';

const OBJECTS = Number(process.env.DREAMCATCHER_BENCH_TAXII_OBJECTS ?? 1_000_000);
const SECONDS_PER_FIGURE = Number(process.env.DREAMCATCHER_BENCH_TAXII_SECONDS ?? 12);
const PROFILE_DIR = process.env.DREAMCATCHER_BENCH_TAXII_PROFILE;
const VERBOSE = process.env.DREAMCATCHER_BENCH_TAXII_VERBOSE !== undefined;
/** Node flags for the dreamcatcher server, space-separated (`--trace-gc`, say). */
const SERVER_FLAGS = (process.env.DREAMCATCHER_BENCH_TAXII_SERVER_FLAGS ?? '')
  .split(' ')
  .filter((flag) => flag !== '');
/** `post`: the POST figures alone; `random`: random pages against the bare route alone (for profiling). */
const ONLY = process.env.DREAMCATCHER_BENCH_TAXII_ONLY;
const POST_ONLY = ONLY === 'post';
/** GET runs alternate between the servers in short rounds, so that noise falls on both alike. */
const GET_ROUNDS = 6;
const POST_ROUNDS = 3;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 32;
const PAGE = 100;
const FILL_BATCH = 10_000;
/** Envelopes each round of the Add Objects figure sends (a multiple of CONNECTIONS): 2.4 s at 20,000 objects/s. */
const ENVELOPES_PER_ROUND = 480;
/** Bump when the indicators or the database layout of this bench change, so old fillings are rebuilt. */
const WORKLOAD_VERSION = 2;
const SCHEMA_VERSION = Math.max(...SQLITE_MIGRATIONS.map((migration) => migration.version));
const FOLDER = resolve('.bench-tmp', 'taxii');
const API_ROOT = 'api1';
const POST_TIMEOUT_SECONDS = 120;

// ---------------------------------------------------------------------------------------------
// The indicators: a function of their number, so a filling is the same on every machine.

const VENDORS = [1, 2, 3, 4, 5].map((n) => `identity--${hexValue(n, 8)}-0000-4000-8000-${hexValue(n, 12)}`);
const PHASES = ['initial-access', 'execution', 'command-and-control', 'exfiltration', 'delivery'];

/**
 * Indicator n as a feed would share it: a hash, domain, URL, address or file name, with a name,
 * description, kill chain phase, confidence, TLP marking (CLEAR, GREEN or AMBER, all of which the
 * reader may see) and an external reference. About 900 bytes of JSON. `variant` keeps the ids of
 * the filling ('8') apart from those posted during the run ('9').
 */
function indicator(n: number, author: string, variant = '8'): StixObject {
  const pick = random(0x5eed ^ n);
  const choose = <T>(items: readonly T[]): T => items[Math.floor(pick() * items.length)] as T;
  const created = new Date(FEED_START + Math.floor(pick() * YEAR_MS)).toISOString();
  const { kind, value } = simpleValueOf(n);
  const family = choose(FAMILIES);
  const phase = choose(PHASES);
  const tlp = pick();
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${uuidOf(n, variant)}`,
    created,
    modified: created,
    created_by_ref: author,
    name: `${family} ${kind} ${value.slice(0, 40)}`,
    description: `${kind} seen in ${family} ${phase.replace(/-/g, ' ')} infrastructure; block at the perimeter and hunt for earlier contact.`,
    indicator_types: [choose(INDICATOR_TYPES)],
    pattern: `[${PATTERN_PREFIXES[kind]} '${value}']`,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: created,
    kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: phase }],
    labels: [family],
    confidence: 50 + Math.floor(pick() * 50),
    object_marking_refs: [(tlp < 0.6 ? TLP_GREEN : tlp < 0.9 ? TLP_AMBER : TLP_CLEAR).id],
    external_references: [
      { source_name: 'bench-feed', url: `https://feed.example/${family}/${hexValue(n, 16)}` },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The server under test (child process).

interface Filling {
  objects: number;
  org: string;
  collection: string;
  /** cursors[k]: the `next` that asks for page k (objects k*100 to k*100+99); cursors[0] is ''. */
  cursors: string[];
  /** Objects per second while filling, when this run filled the database. */
  fillRate?: number;
}

/** A database holding OBJECTS indicators in one collection, filled now or by an earlier run. */
async function filledDatabase(): Promise<{ path: string; filling: Filling }> {
  const name = `filled-n${OBJECTS}-schema${SCHEMA_VERSION}-w${WORKLOAD_VERSION}`;
  const path = join(FOLDER, `${name}.db`);
  const info = join(FOLDER, `${name}.json`);
  if (existsSync(path) && existsSync(info)) {
    const filling = JSON.parse(readFileSync(info, 'utf8')) as Filling;
    const store = await openSqliteStore({ path });
    const count = await store.count({ collection: filling.collection });
    await store.close();
    if (count === OBJECTS && filling.objects === OBJECTS) return { path, filling: { ...filling } };
  }
  // A filling for an older schema or workload is of no further use (and a million objects take 1.5 GB).
  const current = `-schema${SCHEMA_VERSION}-w${WORKLOAD_VERSION}.`;
  for (const file of readdirSync(FOLDER)) {
    if (file.startsWith('filled-') && !file.includes(current)) rmSync(join(FOLDER, file));
  }
  const building = join(FOLDER, `building-${process.pid}.db`);
  const store = await openSqliteStore({ path: building });
  const directory = new Directory(store);
  const org = await directory.createOrg(SYSTEM, 'Bench Readers');
  const { collection } = await directory.createCollection(SYSTEM, {
    title: 'indicators',
    grants: [{ org: org.id, read: true, write: false, red: false }],
  });
  const cursors: string[] = [''];
  const started = process.hrtime.bigint();
  for (let start = 0; start < OBJECTS; start += FILL_BATCH) {
    const records: StixRecord[] = [];
    for (let n = start; n < Math.min(start + FILL_BATCH, OBJECTS); n++) {
      const object = indicator(n, VENDORS[n % VENDORS.length] as string);
      records.push({ object, json: JSON.stringify(object) });
    }
    const outcomes = await store.put(collection.id, records);
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== 'added') throw new Error(`filling: object ${start + i} was ${outcome.status}`);
      if ((start + i + 1) % PAGE === 0 && start + i + 1 < OBJECTS)
        cursors.push(encodeCursor(toMicros(outcome.dateAdded) as bigint));
    });
    if (start % 100_000 === 0) console.error(`taxii bench: filled ${start.toLocaleString('en-US')} objects`);
  }
  const fillRate = OBJECTS / (Number(process.hrtime.bigint() - started) / 1e9);
  await store.close();
  const filling: Filling = { objects: OBJECTS, org: org.id, collection: collection.id, cursors };
  writeFileSync(info, JSON.stringify(filling));
  renameSync(building, path);
  return { path, filling: { ...filling, fillRate } };
}

/** What the dreamcatcher server tells the load generator once it listens. */
interface Setup {
  org: string;
  collection: string;
  submissions: string;
  readToken: string;
  writeToken: string;
  cursors: string[];
  fillRate?: number;
}

interface Ready {
  port: number;
  /** Absent for the baseline server. */
  setup?: Setup;
}

type ToServer = { kind: 'pages'; first: string; last: string } | { kind: 'rss' } | { kind: 'stop' };
type FromServer = { kind: 'ready'; ready: Ready } | { kind: 'rss'; mb: number };

function answerParent(onStop: () => Promise<void>): void {
  // A load generator that died leaves no one to stop this server.
  process.on('disconnect', () => void onStop().then(() => process.exit(1)));
  process.on('message', (message: ToServer) => {
    if (message.kind === 'rss') process.send?.({ kind: 'rss', mb: peakRssMb() } satisfies FromServer);
    if (message.kind === 'stop') void onStop().then(() => process.exit(0));
  });
}

/** Removes the copies and half-built fillings that runs which did not finish left behind. */
function removeLeftovers(): void {
  for (const file of readdirSync(FOLDER)) {
    const pid = /^(?:run|building)-(\d+)\.db/.exec(file)?.[1];
    if (pid !== undefined && !isRunning(Number(pid))) rmSync(join(FOLDER, file), { force: true });
  }
}

async function serveDreamcatcher(): Promise<void> {
  mkdirSync(FOLDER, { recursive: true });
  removeLeftovers();
  const { path: filled, filling } = await filledDatabase();
  const path = join(FOLDER, `run-${process.pid}.db`);
  copyFileSync(filled, path);
  // As `serve` opens it: puts committed on a thread of their own.
  const store = await openSqliteStore({ path, ...SERVING_THREADS });
  const directory = new Directory(store);
  const reader = await directory.createUser(SYSTEM, { name: 'reader', org: filling.org, role: 'reader' });
  const analyst = await directory.createUser(SYSTEM, { name: 'analyst', org: filling.org, role: 'analyst' });
  const { collection: submissions } = await directory.createCollection(SYSTEM, {
    title: 'submissions',
    grants: [{ org: filling.org, read: true, write: true, red: false }],
  });
  const app = await buildServer({ store, directory, logLevel: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerParent(async () => {
    await app.close();
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  const setup: Setup = {
    org: filling.org,
    collection: filling.collection,
    submissions: submissions.id,
    readToken: reader.token,
    writeToken: analyst.token,
    cursors: filling.cursors,
    ...(filling.fillRate === undefined ? {} : { fillRate: filling.fillRate }),
  };
  process.send?.({ kind: 'ready', ready: { port: address.port, setup } } satisfies FromServer);
}

/** A bare fastify route: the page bytes it is given, from memory; envelopes parsed and dropped. */
async function serveBaseline(first: Buffer, last: Buffer): Promise<void> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const path = '/:apiRoot/collections/:collectionId/objects/';
  app.get(path, (request, reply) => {
    const next = (request.query as { next?: string }).next;
    reply.header('content-type', TAXII_MEDIA_TYPE).send(next === undefined ? first : last);
  });
  app.post(path, (request, reply) => {
    const count = (JSON.parse((request.body as Buffer).toString('utf8')) as { objects: unknown[] }).objects
      .length;
    const status = { status: 'complete', total_count: count, success_count: count, failure_count: 0 };
    reply
      .code(202)
      .header('content-type', TAXII_MEDIA_TYPE)
      .send(Buffer.from(JSON.stringify(status)));
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerParent(() => app.close());
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP port');
  process.send?.({ kind: 'ready', ready: { port: address.port } } satisfies FromServer);
}

// ---------------------------------------------------------------------------------------------
// The load (this process).

class Server {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static async start(mode: 'dreamcatcher' | 'baseline', pages?: ToServer): Promise<Server> {
    const profile = mode === 'dreamcatcher' && PROFILE_DIR !== undefined;
    const child = fork(fileURLToPath(import.meta.url), ['--serve', mode], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : []),
        ...(mode === 'dreamcatcher' ? SERVER_FLAGS : []),
      ],
    });
    const ready = await new Promise<Ready>((resolveReady, reject) => {
      child.once('exit', (code) => reject(new Error(`the ${mode} server exited with code ${code}`)));
      child.on('message', (message: FromServer) => {
        if (message.kind === 'ready') resolveReady(message.ready);
      });
      if (pages !== undefined) child.send(pages);
    });
    child.removeAllListeners('exit');
    return new Server(child, ready);
  }

  get url(): string {
    return `http://127.0.0.1:${this.ready.port}`;
  }

  peakRssMb(): Promise<number> {
    return new Promise((resolveRss) => {
      const listener = (message: FromServer) => {
        if (message.kind !== 'rss') return;
        this.child.off('message', listener);
        resolveRss(message.mb);
      };
      this.child.on('message', listener);
      this.child.send({ kind: 'rss' } satisfies ToServer);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolveStop) => {
      this.child.once('exit', () => resolveStop());
      this.child.send({ kind: 'stop' } satisfies ToServer);
    });
  }
}

interface Run {
  /** 2xx answers per second. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  megabytesPerSecond: number;
}

function checked(result: LoadResult, what: string): Run {
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${what}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts (${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  return {
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    megabytesPerSecond: result.throughput.total / result.duration / 1e6,
  };
}

function objectsPath(collection: string, next?: string): string {
  return `/${API_ROOT}/collections/${collection}/objects/?limit=${PAGE}${next === undefined ? '' : `&next=${next}`}`;
}

function readHeaders(token: string): Record<string, string> {
  return { accept: TAXII_MEDIA_TYPE, authorization: `Bearer ${token}` };
}

/** Where the load goes: the collection and token of the dreamcatcher server (the baseline ignores them). */
interface Target {
  collection: string;
  token: string;
}

async function getPages(
  server: Server,
  target: Target,
  seconds: number,
  nextOf: () => string | undefined,
  connections = CONNECTIONS,
): Promise<Run> {
  globalThis.gc?.();
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        headers: readHeaders(target.token),
        setupRequest: (request) => ({ ...request, path: objectsPath(target.collection, nextOf()) }),
      },
    ],
  });
  return checked(result, `GET ${server.url}`);
}

/**
 * Posts the envelopes, each once; fails unless every object of every one is acknowledged. The rate
 * is timed here, up to the last answer: autocannon ends a run of a fixed amount on its next 1 s tick.
 */
async function postEnvelopes(server: Server, target: Target, bodies: readonly string[]): Promise<Run> {
  let sent = 0;
  let acknowledged = 0;
  let lastAnswer = 0n;
  const refused: string[] = [];
  globalThis.gc?.();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url: server.url,
    connections: CONNECTIONS,
    amount: bodies.length,
    // Before the writer thread some envelopes waited over 10 s under 32 concurrent writers: the
    // timeout stays long, so that a slow run reports its latency instead of failing.
    timeout: POST_TIMEOUT_SECONDS,
    requests: [
      {
        method: 'POST',
        path: `/${API_ROOT}/collections/${target.collection}/objects/`,
        headers: { ...readHeaders(target.token), 'content-type': TAXII_MEDIA_TYPE },
        setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] as string }),
        onResponse: (status, body) => {
          lastAnswer = process.hrtime.bigint();
          const answer = JSON.parse(body) as { success_count?: number; failure_count?: number };
          if (status !== 202 || answer.success_count !== PAGE || answer.failure_count !== 0) {
            refused.push(`${status} ${body.slice(0, 300)}`);
          } else acknowledged += PAGE;
        },
      },
    ],
  });
  const run = checked(result, `POST ${server.url}`);
  if (refused.length > 0 || acknowledged !== bodies.length * PAGE) {
    throw new Error(
      `POST ${server.url}: ${acknowledged} objects acknowledged of ${bodies.length * PAGE}; ${refused.length} envelopes refused, e.g. ${refused[0]}`,
    );
  }
  const seconds = Number(lastAnswer - started) / 1e9;
  return { ...run, perSecond: acknowledged / seconds };
}

/** Fetches one page as a client would, checking its size and whether more follow. */
async function fetchPage(
  server: Server,
  target: Target,
  next: string | undefined,
  more: boolean,
): Promise<Buffer> {
  const response = await fetch(server.url + objectsPath(target.collection, next), {
    headers: readHeaders(target.token),
  });
  const body = Buffer.from(await response.arrayBuffer());
  const page = JSON.parse(body.toString('utf8')) as { objects?: unknown[]; more?: boolean };
  if (response.status !== 200 || page.objects?.length !== PAGE || (page.more === true) !== more) {
    throw new Error(
      `page after ${next ?? 'the start'}: ${response.status}, ${body.toString('utf8', 0, 300)}`,
    );
  }
  return body;
}

function medianRun(runs: readonly Run[]): Run {
  return {
    perSecond: median(runs.map((run) => run.perSecond)),
    p50: median(runs.map((run) => run.p50)),
    p99: median(runs.map((run) => run.p99)),
    max: Math.max(...runs.map((run) => run.max)),
    megabytesPerSecond: median(runs.map((run) => run.megabytesPerSecond)),
  };
}

/** The GET runs measured: the bare route, the first, the last and random pages. */
interface GetRuns {
  bare: Run;
  first: Run;
  last: Run;
  walk: Run;
  /** The first and the last page asked for at once, half the clients each. */
  sideBySide: { first: Run; last: Run };
}

/** First, last and random pages against the bare route, in alternating rounds. */
async function measureGets(
  dreamcatcher: Server,
  bare: Server,
  read: Target,
  cursors: readonly string[],
  lastNext: string,
): Promise<GetRuns> {
  const seconds = SECONDS_PER_FIGURE / GET_ROUNDS;
  const pick = random(42);
  const anyPage = () => cursors[1 + Math.floor(pick() * (cursors.length - 1))];
  await getPages(bare, read, WARMUP_SECONDS, () => undefined);
  await getPages(dreamcatcher, read, WARMUP_SECONDS, anyPage);
  const gets = { bare: [] as Run[], first: [] as Run[], last: [] as Run[], walk: [] as Run[] };
  const runs: [Run[], () => Promise<Run>][] = [
    [gets.bare, () => getPages(bare, read, seconds, () => undefined)],
    [gets.first, () => getPages(dreamcatcher, read, seconds, () => undefined)],
    [gets.last, () => getPages(dreamcatcher, read, seconds, () => lastNext)],
  ];
  for (let round = 0; round < GET_ROUNDS; round++) {
    // Every other round in reverse, so that no figure always follows the same one.
    for (const [into, run] of round % 2 === 0 ? runs : [...runs].reverse()) {
      into.push(await run());
      if (VERBOSE) console.error(`taxii bench: round ${round}`, into.at(-1));
    }
  }
  // The last page against the first, measured at once by two halves of the clients: runs one after
  // the other put them 0.85-1.00 apart with nothing but the order changed (2 s runs on a shared
  // machine); side by side, both see the same machine.
  const sideBySide = { first: [] as Run[], last: [] as Run[] };
  for (let round = 0; round < GET_ROUNDS; round++) {
    const [first, last] = await Promise.all([
      getPages(dreamcatcher, read, seconds, () => undefined, CONNECTIONS / 2),
      getPages(dreamcatcher, read, seconds, () => lastNext, CONNECTIONS / 2),
    ]);
    sideBySide.first.push(first);
    sideBySide.last.push(last);
  }
  // Random pages after the others: they sweep the page cache, and in the alternation they made
  // the figure run right after them (the last page, one round in two) start cold.
  for (let round = 0; round < GET_ROUNDS; round++) {
    gets.walk.push(await getPages(dreamcatcher, read, seconds, anyPage));
    if (VERBOSE) console.error(`taxii bench: random round ${round}`, gets.walk.at(-1));
  }
  return {
    bare: medianRun(gets.bare),
    first: medianRun(gets.first),
    last: medianRun(gets.last),
    walk: medianRun(gets.walk),
    sideBySide: { first: medianRun(sideBySide.first), last: medianRun(sideBySide.last) },
  };
}

/** Random pages against the bare route, in alternating rounds: the quick reading of one figure. */
async function measureRandomOnly(
  dreamcatcher: Server,
  bare: Server,
  read: Target,
  cursors: readonly string[],
): Promise<Figure[]> {
  const seconds = SECONDS_PER_FIGURE / GET_ROUNDS;
  const pick = random(42);
  const anyPage = () => cursors[1 + Math.floor(pick() * (cursors.length - 1))];
  await getPages(bare, read, WARMUP_SECONDS, () => undefined);
  await getPages(dreamcatcher, read, WARMUP_SECONDS, anyPage);
  const runs = { bare: [] as Run[], walk: [] as Run[] };
  for (let round = 0; round < GET_ROUNDS; round++) {
    runs.bare.push(await getPages(bare, read, seconds, () => undefined));
    runs.walk.push(await getPages(dreamcatcher, read, seconds, anyPage));
  }
  const [bareRun, walk] = [medianRun(runs.bare), medianRun(runs.walk)];
  const baseline = 'bare fastify route, same bytes from memory';
  return [
    {
      name: 'GET objects, pages picked at random over the collection (random(42))',
      value: walk.perSecond,
      unit: 'pages/s',
      baseline: { name: baseline, value: bareRun.perSecond },
      target: '>= 3,000 pages/s',
      met: walk.perSecond >= 3000,
    },
    {
      name: 'p99 latency of random pages',
      value: walk.p99,
      unit: 'ms',
      baseline: { name: baseline, value: bareRun.p99 },
      target: '< 50 ms',
      met: walk.p99 < 50,
    },
  ];
}

export const bench: Bench = {
  name: 'taxii',
  async run(): Promise<Figure[]> {
    if (!(Number.isSafeInteger(OBJECTS) && OBJECTS >= 2 * PAGE && OBJECTS % PAGE === 0)) {
      throw new Error(`DREAMCATCHER_BENCH_TAXII_OBJECTS must be a multiple of ${PAGE}, at least ${2 * PAGE}`);
    }
    const dreamcatcher = await Server.start('dreamcatcher');
    let baseline: Server | undefined;
    try {
      const setup = dreamcatcher.ready.setup;
      if (setup === undefined) throw new Error('the dreamcatcher server sent no setup');
      const read: Target = { collection: setup.collection, token: setup.readToken };
      const write: Target = { collection: setup.submissions, token: setup.writeToken };
      // The last page: the `next` a client walking the collection receives before its final page.
      const lastNext = setup.cursors.at(-1) as string;
      const first = await fetchPage(dreamcatcher, read, undefined, true);
      const last = await fetchPage(dreamcatcher, read, lastNext, false);
      const bare = await Server.start('baseline', {
        kind: 'pages',
        first: first.toString('utf8'),
        last: last.toString('utf8'),
      });
      baseline = bare;
      if (ONLY === 'random') return await measureRandomOnly(dreamcatcher, bare, read, setup.cursors);

      const gets = POST_ONLY
        ? undefined
        : await measureGets(dreamcatcher, bare, read, setup.cursors, lastNext);

      // Envelope e of the run holds indicators past the filling's, so every one is new.
      const envelopes = (from: number, count: number): string[] =>
        Array.from({ length: count }, (_, e) => {
          const base = OBJECTS + (from + e) * PAGE;
          const objects = Array.from({ length: PAGE }, (_, i) =>
            JSON.stringify(indicator(base + i, setup.org, '9')),
          );
          return `{"objects":[${objects.join(',')}]}`;
        });
      const bareBodies = envelopes(0, ENVELOPES_PER_ROUND);
      await postEnvelopes(bare, write, bareBodies.slice(0, 4 * CONNECTIONS));
      await postEnvelopes(dreamcatcher, write, envelopes(0, 4 * CONNECTIONS));
      const posts = { bare: [] as Run[], dreamcatcher: [] as Run[] };
      for (let round = 0; round < POST_ROUNDS; round++) {
        const bodies = envelopes(4 * CONNECTIONS + round * ENVELOPES_PER_ROUND, ENVELOPES_PER_ROUND);
        posts.bare.push(await postEnvelopes(bare, write, bareBodies));
        posts.dreamcatcher.push(await postEnvelopes(dreamcatcher, write, bodies));
        if (VERBOSE)
          console.error(`taxii bench: POST round ${round}`, posts.bare.at(-1), posts.dreamcatcher.at(-1));
      }
      return figures({
        gets,
        postBare: medianRun(posts.bare),
        post: medianRun(posts.dreamcatcher),
        pageBytes: first.length,
        serverRss: await dreamcatcher.peakRssMb(),
        fillRate: setup.fillRate,
      });
    } finally {
      await baseline?.stop();
      await dreamcatcher.stop();
    }
  },
};

interface Measured {
  /** Absent when only the POSTs were measured. */
  gets: GetRuns | undefined;
  postBare: Run;
  post: Run;
  pageBytes: number;
  serverRss: number;
  fillRate: number | undefined;
}

/** The GET figures, each against the bare route or the first page. */
function getFigureList(g: GetRuns, pageBytes: number): Figure[] {
  const n = OBJECTS.toLocaleString('en-US');
  const kb = (pageBytes / 1024).toFixed(0);
  const bare = 'bare fastify route, same bytes from memory';
  const pagesTarget = '>= 3,000 pages/s';
  const p99Target = '< 50 ms';
  return [
    {
      name: `GET objects, first page of ${PAGE} (${kb} KiB), ${CONNECTIONS} clients, ${n} objects in SQLite`,
      value: g.first.perSecond,
      unit: 'pages/s',
      baseline: { name: bare, value: g.bare.perSecond },
      target: pagesTarget,
      met: g.first.perSecond >= 3000,
    },
    {
      name: 'p99 latency of the first page',
      value: g.first.p99,
      unit: 'ms',
      baseline: { name: bare, value: g.bare.p99 },
      target: p99Target,
      met: g.first.p99 < 50,
    },
    {
      name: 'p50 latency of the first page',
      value: g.first.p50,
      unit: 'ms',
      baseline: { name: bare, value: g.bare.p50 },
    },
    {
      name: 'throughput of the first page',
      value: g.first.megabytesPerSecond,
      unit: 'MB/s',
      baseline: { name: bare, value: g.bare.megabytesPerSecond },
    },
    {
      name: `GET objects, last page (page ${(OBJECTS / PAGE).toLocaleString('en-US')} of ${(OBJECTS / PAGE).toLocaleString('en-US')}, by its next=)`,
      value: g.last.perSecond,
      unit: 'pages/s',
      baseline: { name: 'first page, same run', value: g.first.perSecond },
    },
    {
      name: `the last page and the first asked for at once, ${CONNECTIONS / 2} clients each: the last`,
      value: g.sideBySide.last.perSecond,
      unit: 'pages/s',
      baseline: { name: 'the first, at the same time', value: g.sideBySide.first.perSecond },
      target: 'as fast as the first page (>= 0.9x)',
      met: g.sideBySide.last.perSecond >= 0.9 * g.sideBySide.first.perSecond,
    },
    {
      name: 'p99 latency of the last page',
      value: g.last.p99,
      unit: 'ms',
      baseline: { name: 'first page', value: g.first.p99 },
      target: p99Target,
      met: g.last.p99 < 50,
    },
    {
      name: `GET objects, pages picked at random over the collection (random(42))`,
      value: g.walk.perSecond,
      unit: 'pages/s',
      baseline: { name: 'first page, same run', value: g.first.perSecond },
      target: pagesTarget,
      met: g.walk.perSecond >= 3000,
    },
    {
      name: 'p99 latency of random pages',
      value: g.walk.p99,
      unit: 'ms',
      baseline: { name: 'first page', value: g.first.p99 },
      target: p99Target,
      met: g.walk.p99 < 50,
    },
  ];
}

function figures(m: Measured): Figure[] {
  const result: Figure[] = [
    ...(m.gets === undefined ? [] : getFigureList(m.gets, m.pageBytes)),
    {
      name: `POST envelopes of ${PAGE} new indicators, ${CONNECTIONS} clients, stored and acknowledged (202)`,
      value: m.post.perSecond,
      unit: 'objects/s',
      baseline: {
        name: 'bare fastify route, JSON.parse and 202, nothing stored',
        value: m.postBare.perSecond,
      },
      target: '>= 20,000 objects/s',
      met: m.post.perSecond >= 20_000,
    },
    {
      name: 'p99 latency of those POSTs',
      value: m.post.p99,
      unit: 'ms',
      baseline: { name: 'bare route', value: m.postBare.p99 },
    },
    {
      name: 'slowest of those POSTs (all rounds)',
      value: m.post.max,
      unit: 'ms',
      baseline: { name: 'bare route', value: m.postBare.max },
    },
    { name: 'peak RSS of the dreamcatcher server', value: m.serverRss, unit: 'MB' },
    { name: 'peak RSS of the load generator', value: peakRssMb(), unit: 'MB' },
  ];
  if (m.fillRate !== undefined) {
    result.push({
      name: `filling the collection (store.put, batches of ${FILL_BATCH.toLocaleString('en-US')})`,
      value: m.fillRate,
      unit: 'objects/s',
    });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Entry points: `--serve dreamcatcher|baseline` in a child; run directly, the whole bench.

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [mode, which] = process.argv.slice(2);
  if (mode === '--serve' && which === 'dreamcatcher') await serveDreamcatcher();
  else if (mode === '--serve' && which === 'baseline') {
    const pages = await new Promise<ToServer>((resolvePages) => process.once('message', resolvePages));
    if (pages.kind !== 'pages') throw new Error('the baseline server needs its pages first');
    await serveBaseline(Buffer.from(pages.first), Buffer.from(pages.last));
  } else {
    for (const figure of await bench.run()) console.log(formatFigure(figure));
  }
}
