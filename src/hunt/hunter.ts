// One hunt: the indicators an organisation may see, run over a stream of events; every detection
// becomes a sighting (stored, shared under the TLP its reporter chose) and an alert on every
// output. Used by `dreamcatcher hunt` and by the server's telemetry endpoint alike, which keeps one
// hunter per organisation whatever TLP each request reports at.

import type { Directory, Organisation } from '../access/directory.js';
import { actingFor, SYSTEM } from '../access/principal.js';
import { readableScopes } from '../access/scopes.js';
import { type Alert, buildAlert } from '../detect/alert.js';
import { THREAT_TYPES, ThreatContext } from '../detect/context.js';
import { type Detection, Detector, type IndicatorRef } from '../detect/detector.js';
import { emptyReport, IndicatorFeed, type RefreshReport } from '../detect/indicator-feed.js';
import { SightingRecorder } from '../detect/sightings.js';
import { StoreTail } from '../detect/store-tail.js';
import type { ObservedEvent } from '../observe/event.js';
import { linesOf, type ReadEventsOptions, readEvents } from '../observe/read-events.js';
import type { StixObject } from '../stix/object.js';
import type { OpenStoreOptions } from '../store/open.js';
import type { Scope, Store, VersionSelector } from '../store/store.js';
import type { AlertOutput } from './outputs.js';
import { HuntPool } from './pool.js';

export const SIGHTINGS_COLLECTION = 'sightings';

export interface HuntOptions {
  store: Store;
  directory: Directory;
  /** The organisation hunting: its visible indicators are run, and it is where_sighted_refs. */
  org: Organisation;
  /** Store sightings (and their evidence); false for a dry run that only alerts. */
  record: boolean;
  windowMs: number;
  /**
   * Where alerts go: one per NEW sighting (a repeated hit updates its sighting quietly), or one per
   * detection when sightings are not recorded. Every detection is still returned by report().
   */
  outputs: AlertOutput[];
  materialize: (event: ObservedEvent) => StixObject[];
  /** Called when an output fails; detection goes on. */
  onOutputError?: (output: string, error: Error) => void;
  onEvaluationError?: (indicatorId: string, message: string) => void;
  clock?: () => number;
  /**
   * Read and match on this many worker threads (pool.ts), each opening the store at `store` and
   * loading the indicators itself; hunt() then spreads its lines over them. None by default: all
   * on the calling thread. Workers mint their own observation ids: ReadEventsOptions.random, which
   * seeds them in tests, applies on the calling thread only.
   */
  workers?: HuntWorkers;
}

/** Worker threads for a hunt: how many, and where they open the store (HuntOptions.workers). */
export interface HuntWorkers {
  count: number;
  store: OpenStoreOptions;
}

/** What some lines of a hunt gave: how many events, the bad lines, the detections, in line order. */
export interface HuntBatch {
  events: number;
  errors: { line: number; message: string }[];
  detections: Detection[];
}

export interface HuntStats {
  events: number;
  detections: number;
  sightingsCreated: number;
  sightingsUpdated: number;
  indicators: number;
}

/** The sightings collection, made on first use: the hunting organisation may read and write it. */
async function sightingsCollection(directory: Directory, org: Organisation): Promise<string> {
  const { collection } = await directory.collectionTitled(SYSTEM, {
    title: SIGHTINGS_COLLECTION,
    description: 'Sightings of shared indicators, reported by member organisations',
  });
  const policy = await directory.policyOf(collection.id);
  const grant = policy.grants.find((item) => item.org === org.id);
  if (grant?.read !== true || grant.write !== true) {
    await directory.grant(SYSTEM, collection.id, {
      grants: [{ org: org.id, read: true, write: true, red: grant?.red ?? false }],
    });
  }
  return collection.id;
}

/** A report() waiting for the one before it to commit. */
interface Queued {
  detections: readonly Detection[];
  marking: string;
  resolve: (alerts: Alert[]) => void;
  reject: (error: Error) => void;
}

export class Hunter {
  readonly stats: HuntStats = {
    events: 0,
    detections: 0,
    sightingsCreated: 0,
    sightingsUpdated: 0,
    indicators: 0,
  };
  private readonly queue: Queued[] = [];
  private writing = false;

  private constructor(
    private readonly options: HuntOptions,
    private readonly scopes: readonly Scope[],
    private readonly detector: Detector,
    private readonly tail: StoreTail,
    /** Absent with a pool: the workers load the indicators, this thread only their temporal ones. */
    private readonly feed: IndicatorFeed | undefined,
    private readonly pool: HuntPool | undefined,
    private readonly context: ThreatContext,
    private readonly recorder: SightingRecorder | undefined,
  ) {}

  /**
   * The temporal patterns' state: observations the pending cap dropped (a match may have been
   * missed) and those that came out of time order (matching assumes time order).
   */
  temporalState(): { dropped: number; outOfOrder: number } {
    const { dropped, outOfOrder } = this.detector.stats();
    return { dropped, outOfOrder };
  }

  static async open(options: HuntOptions): Promise<Hunter> {
    const { store, directory, org } = options;
    // A reader of the organisation: what its members may see is what it may hunt with.
    const principal = actingFor(org.id, 'reader', `hunt:${org.name}`);
    const scopes = await readableScopes(directory, principal);
    const detector = new Detector({
      ...(options.onEvaluationError ? { onEvaluationError: options.onEvaluationError } : {}),
    });
    const recorder = options.record
      ? new SightingRecorder({
          store,
          collection: await sightingsCollection(directory, org),
          identity: org.identity,
          windowMs: options.windowMs,
          materialize: options.materialize,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        })
      : undefined;
    const workers = options.workers !== undefined && options.workers.count >= 1 ? options.workers : undefined;
    // What the feed and the context read (threat objects too: a renamed campaign is named anew in
    // alerts); the hunter's own sightings and evidence are not. Opened before any worker starts,
    // so that a failure here leaves no thread behind.
    const tail = await StoreTail.open(store, scopes, [
      ...(workers === undefined ? ['indicator'] : []),
      'relationship',
      ...THREAT_TYPES,
    ]);
    const pool =
      workers === undefined
        ? undefined
        : HuntPool.start({
            workers: workers.count,
            store: workers.store,
            scopes,
            ...(options.onEvaluationError ? { onEvaluationError: options.onEvaluationError } : {}),
          });
    const hunter = new Hunter(
      options,
      scopes,
      detector,
      tail,
      pool === undefined ? new IndicatorFeed(detector) : undefined,
      pool,
      new ThreatContext(store, scopes),
      recorder,
    );
    try {
      await hunter.refresh();
    } catch (error) {
      await pool?.close();
      throw error;
    }
    return hunter;
  }

  /** Picks up intelligence added since the last refresh, without stopping the stream. */
  async refresh(): Promise<RefreshReport> {
    const { feed, pool, context, detector } = this;
    const report = emptyReport();
    // One read of the store's tail serves both: indicators to the detector, relationships to the context.
    await this.tail.readChanges({
      apply: (item) => {
        feed?.apply(item, report);
        context.apply(item);
      },
      forget: (id) => {
        feed?.forget(id, report);
        context.forget(id);
      },
    });
    if (pool === undefined) {
      this.stats.indicators = detector.size;
      return report;
    }
    const refreshed = await pool.refresh();
    for (const change of refreshed.temporal) {
      if ('watch' in change) detector.upsert(change.watch);
      else detector.remove(change.unwatch);
    }
    this.stats.indicators = refreshed.indicators;
    return refreshed.report;
  }

  /**
   * Runs telemetry (bytes or text, as linesOf takes them) through the indicators, its lines read as
   * readEvents reads them (the format named or detected; UnknownFormatError or MappingError before
   * any batch), on the worker threads when the hunter has them. Detections are returned, not
   * reported: hand them to report().
   */
  async *hunt(
    chunks: AsyncIterable<Uint8Array | string>,
    options: ReadEventsOptions,
  ): AsyncGenerator<HuntBatch> {
    if (this.pool === undefined) {
      for await (const result of readEvents(linesOf(chunks, options.maxLineLength), options)) {
        if (result.kind === 'skip') continue;
        if (result.kind === 'error') {
          yield { events: 0, errors: [{ line: result.line, message: result.message }], detections: [] };
          continue;
        }
        const line = result.events[0]?.provenance.line ?? 0;
        const batch: HuntBatch = {
          events: result.events.length,
          errors: (result.problems ?? []).map((message) => ({ line, message })),
          detections: [],
        };
        for (const event of result.events) batch.detections.push(...this.push(event));
        yield batch;
      }
      return;
    }
    for await (const { events, entries } of this.pool.read(chunks, options)) {
      this.stats.events += events;
      const batch: HuntBatch = { events, errors: [], detections: [] };
      for (const entry of entries) {
        if (entry.kind === 'error') batch.errors.push({ line: entry.line, message: entry.message });
        else if (entry.kind === 'detections') batch.detections.push(...entry.detections);
        else batch.detections.push(...this.detector.pushTemporal(entry.event));
      }
      yield batch;
    }
  }

  /** Ends the worker threads, if any; the store is the caller's to close. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /**
   * The synchronous hot path: one event through the engine. Detections are rare; report them. A
   * hunter with worker threads holds only its temporal indicators here: it hunts through hunt().
   */
  push(event: ObservedEvent): readonly Detection[] {
    if (this.pool !== undefined)
      throw new Error('a hunter with worker threads takes its events through hunt()');
    this.stats.events += 1;
    return this.detector.push(event);
  }

  /**
   * Records detections as sightings marked with `marking` (a TLP marking-definition id) and sends
   * their alerts to every output; answers one alert per detection, in order. The sightings of one
   * call are stored in one commit, so a caller hands over what it has gathered (a request body, a
   * batch of a file). Calls made while one is being written wait and are written together, after
   * it: a sighting's state is never read while another call is moving it.
   */
  report(detections: readonly Detection[], marking: string): Promise<Alert[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ detections, marking, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        const alerts = await this.write(batch);
        let at = 0;
        for (const queued of batch) {
          queued.resolve(alerts.slice(at, at + queued.detections.length));
          at += queued.detections.length;
        }
      } catch (error) {
        for (const queued of batch) queued.reject(error as Error);
      }
    }
    this.writing = false;
  }

  private async write(batch: readonly Queued[]): Promise<Alert[]> {
    const indicators = new Map<string, Promise<StixObject>>();
    const inputs = [];
    for (const { detections, marking } of batch) {
      for (const detection of detections) {
        const key = `${detection.indicator.id}|${detection.indicator.version ?? ''}`;
        let indicator = indicators.get(key);
        if (indicator === undefined) {
          indicator = this.indicatorOf(detection.indicator);
          indicators.set(key, indicator);
        }
        inputs.push({ detection, indicator: await indicator, marking });
      }
    }
    this.stats.detections += inputs.length;
    const recorded = this.recorder === undefined ? undefined : await this.recorder.record(inputs);
    const alerts: Alert[] = [];
    for (const [i, { detection, indicator }] of inputs.entries()) {
      const sighting = recorded?.[i];
      if (sighting !== undefined) {
        if (sighting.created) this.stats.sightingsCreated += 1;
        else this.stats.sightingsUpdated += 1;
      }
      const alert = buildAlert(
        detection,
        indicator,
        await this.context.explain(detection.indicator.id),
        sighting === undefined ? undefined : { object: sighting.sighting, created: sighting.created },
      );
      alerts.push(alert);
      if (sighting !== undefined && !sighting.created) continue;
      for (const output of this.options.outputs) {
        try {
          await output.send(alert);
        } catch (error) {
          this.options.onOutputError?.(output.name, error as Error);
        }
      }
    }
    return alerts;
  }

  /**
   * The indicator a detection is of, as stored: the version watched, else the latest this hunter
   * may see (a newer version was stored since the last refresh), else only its id (deleted since).
   */
  private async indicatorOf(ref: IndicatorRef): Promise<StixObject> {
    const read = async (versions: readonly VersionSelector[]) =>
      (await this.options.store.get(ref.id, { versions, scopes: this.scopes })).at(-1);
    const stored =
      (ref.version === undefined ? undefined : await read([{ modified: ref.version }])) ??
      (await read(['last']));
    return stored === undefined ? { type: 'indicator', id: ref.id } : (JSON.parse(stored.json) as StixObject);
  }
}
