// One hunt: the indicators an organisation may see, run over a stream of events; every detection
// becomes a sighting (stored, shared under the organisation's TLP) and an alert on every output.
// Used by `dreamcatcher hunt` and by the server's telemetry endpoint alike.

import type { Directory, Organisation } from '../access/directory.js';
import { actingFor, SYSTEM } from '../access/principal.js';
import { readableScopes } from '../access/scopes.js';
import { type Alert, buildAlert } from '../detect/alert.js';
import { ThreatContext } from '../detect/context.js';
import { type Detection, Detector } from '../detect/detector.js';
import { IndicatorFeed, type RefreshReport } from '../detect/indicator-feed.js';
import { SightingRecorder } from '../detect/sightings.js';
import type { ObservedEvent } from '../observe/event.js';
import type { StixObject } from '../stix/object.js';
import type { Store } from '../store/store.js';
import type { AlertOutput } from './outputs.js';

export const SIGHTINGS_COLLECTION = 'sightings';

export interface HuntOptions {
  store: Store;
  directory: Directory;
  /** The organisation hunting: its visible indicators are run, and it is where_sighted_refs. */
  org: Organisation;
  /** Store sightings (and their evidence); false for a dry run that only alerts. */
  record: boolean;
  /** TLP marking-definition id of the sightings. */
  marking: string;
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

export class Hunter {
  readonly stats: HuntStats = {
    events: 0,
    detections: 0,
    sightingsCreated: 0,
    sightingsUpdated: 0,
    indicators: 0,
  };

  private constructor(
    private readonly options: HuntOptions,
    private readonly detector: Detector,
    private readonly feed: IndicatorFeed,
    private readonly context: ThreatContext,
    private readonly recorder: SightingRecorder | undefined,
  ) {}

  static async open(options: HuntOptions): Promise<Hunter> {
    const { store, directory, org } = options;
    // A reader of the organisation: what its members may see is what it may hunt with.
    const principal = actingFor(org.id, 'reader', `hunt:${org.name}`);
    const scopes = await readableScopes(store, directory, principal);
    const detector = new Detector({
      ...(options.onEvaluationError ? { onEvaluationError: options.onEvaluationError } : {}),
    });
    const feed = new IndicatorFeed(store, detector, scopes);
    const context = new ThreatContext(store, scopes);
    const recorder = options.record
      ? new SightingRecorder({
          store,
          collection: await sightingsCollection(store, directory, org),
          identity: org.identity,
          marking: options.marking,
          windowMs: options.windowMs,
          materialize: options.materialize,
          ...(options.clock === undefined ? {} : { clock: options.clock }),
        })
      : undefined;
    const hunter = new Hunter(options, detector, feed, context, recorder);
    await hunter.refresh();
    return hunter;
  }

  /** Picks up intelligence added since the last refresh, without stopping the stream. */
  async refresh(): Promise<RefreshReport> {
    const report = await this.feed.refresh();
    await this.context.refresh();
    this.stats.indicators = this.detector.size;
    return report;
  }

  /** The synchronous hot path: one event through the engine. Detections are rare; report them. */
  push(event: ObservedEvent): Detection[] {
    this.stats.events += 1;
    return this.detector.push(event);
  }

  /** Records each detection as a sighting and sends its alert to every output. */
  async report(detections: readonly Detection[]): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (const detection of detections) {
      this.stats.detections += 1;
      const recorded = this.recorder === undefined ? undefined : await this.recorder.record(detection);
      if (recorded !== undefined) {
        if (recorded.created) this.stats.sightingsCreated += 1;
        else this.stats.sightingsUpdated += 1;
      }
      const alert = buildAlert(
        detection,
        await this.context.explain(detection.indicator.id),
        recorded === undefined ? undefined : { object: recorded.sighting, created: recorded.created },
      );
      alerts.push(alert);
      if (recorded !== undefined && !recorded.created) continue;
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

  detectorStats() {
    return this.detector.stats();
  }
}
