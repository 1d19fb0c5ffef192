// One hunt: the indicators an organisation may see, run over a stream of events; every detection
// becomes a sighting (stored, shared under the TLP its reporter chose) and an alert on every
// output. Used by `dreamcatcher hunt` and by the server's telemetry endpoint alike, which keeps one
// hunter per organisation whatever TLP each request reports at.

import type { Directory, Organisation } from '../access/directory.js';
import { actingFor, SYSTEM } from '../access/principal.js';
import { readableScopes } from '../access/scopes.js';
import { type Alert, buildAlert } from '../detect/alert.js';
import { ThreatContext } from '../detect/context.js';
import { type Detection, Detector, type IndicatorRef } from '../detect/detector.js';
import { emptyReport, IndicatorFeed, type RefreshReport } from '../detect/indicator-feed.js';
import { SightingRecorder } from '../detect/sightings.js';
import { StoreTail } from '../detect/store-tail.js';
import type { ObservedEvent } from '../observe/event.js';
import type { StixObject } from '../stix/object.js';
import type { Scope, Store, VersionSelector } from '../store/store.js';
import type { AlertOutput } from './outputs.js';

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
}

export interface HuntStats {
  events: number;
  detections: number;
  sightingsCreated: number;
  sightingsUpdated: number;
  indicators: number;
}

/** The sightings collection, made on first use: the hunting organisation may read and write it. */
async function sightingsCollection(store: Store, directory: Directory, org: Organisation): Promise<string> {
  const existing = await store.getCollection(SIGHTINGS_COLLECTION);
  const collection =
    existing ??
    (
      await directory.createCollection(SYSTEM, {
        title: SIGHTINGS_COLLECTION,
        description: 'Sightings of shared indicators, reported by member organisations',
      })
    ).collection;
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
    private readonly feed: IndicatorFeed,
    private readonly context: ThreatContext,
    private readonly recorder: SightingRecorder | undefined,
  ) {}

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
          collection: await sightingsCollection(store, directory, org),
          identity: org.identity,
          windowMs: options.windowMs,
          materialize: options.materialize,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        })
      : undefined;
    const hunter = new Hunter(
      options,
      scopes,
      detector,
      // What the feed and the context read; the hunter's own sightings and evidence are not.
      await StoreTail.open(store, scopes, ['indicator', 'relationship']),
      new IndicatorFeed(detector),
      new ThreatContext(store, scopes),
      recorder,
    );
    await hunter.refresh();
    return hunter;
  }

  /** Picks up intelligence added since the last refresh, without stopping the stream. */
  async refresh(): Promise<RefreshReport> {
    const report = emptyReport();
    // One read of the store's tail serves both: indicators to the detector, relationships to the context.
    await this.tail.read((item) => {
      this.feed.apply(item, report);
      this.context.apply(item);
    });
    // A deleted version may have been the one running: forget the object and take again what is left.
    for (const id of await this.tail.deleted()) {
      this.feed.forget(id, report);
      this.context.forget(id);
      for (const item of await this.options.store.get(id, { versions: ['last'], scopes: this.scopes })) {
        this.feed.apply(item, report);
        this.context.apply(item);
      }
    }
    this.stats.indicators = this.detector.size;
    return report;
  }

  /** The synchronous hot path: one event through the engine. Detections are rare; report them. */
  push(event: ObservedEvent): readonly Detection[] {
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
