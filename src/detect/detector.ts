// The streaming detector: every active indicator in one engine, fed ObservedEvents one at a time.
// Patterns of one bracket (most indicators: a hash, a domain, an address) go to the CompiledSet,
// whose indexes make their cost independent of how many there are; patterns over several
// observations or with qualifiers go to the StreamMatcher, which keeps bounded state per entity
// (host). Indicators come and go while events flow (upsert/remove), without a rebuild. Of each
// indicator the detector keeps its id, version and validity, in compact form (IndicatorTable);
// a detection names the indicator, and its reporter reads the object from the store.

import type { ObservedEvent } from '../observe/event.js';
import type { Pattern } from '../pattern/ast.js';
import { CompiledSet } from '../pattern/compile/compiled-set.js';
import { StreamMatcher } from '../pattern/compile/stream.js';
import type { PatternEvaluationError } from '../pattern/evaluate/errors.js';
import type { PatternMatch } from '../pattern/evaluate/match.js';
import { patternVersionOf } from '../pattern/indicator-version.js';
import type { Observation } from '../pattern/observation.js';
import { parsePattern } from '../pattern/parser.js';
import type { StixObject } from '../stix/object.js';
import { formatMicros, toMicros } from '../stix/timestamp.js';
import { HELD, IndicatorTable, SINGLE, TEMPORAL } from './indicator-table.js';

/**
 * Which indicator a detection is of: the detector keeps no more of it (see IndicatorTable), and
 * whoever reports the detection reads the object from the store by id and version.
 */
export interface IndicatorRef {
  id: string;
  /** The version watched (`modified`, else `created`) at microsecond precision; absent if neither. */
  version?: string;
}

export interface Detection {
  indicator: IndicatorRef;
  /** The host (or entity) the events are about. */
  entity: string;
  /** The events that satisfied the pattern, in time order, each with its provenance. */
  events: ObservedEvent[];
  firstObserved: string;
  lastObserved: string;
  /** Which events filled which bracket of the pattern. */
  match: PatternMatch;
}

/**
 * Why an indicator is not in the detector: `stale` when a later version of it is held (the version
 * given is ignored), `revoked`, or `unsupported` (not a STIX pattern, invalid, bad validity).
 */
export type Refusal = { id: string; code: 'stale' | 'revoked' | 'unsupported'; reason: string };

/**
 * A change to the set of temporal indicators watched: the new version of one, or the end of one
 * (removed, revoked, or replaced by a version of one bracket). Replayed in order on another
 * Detector, it keeps that one's temporal indicators the same (see DetectorOptions.onTemporalChange).
 */
export type TemporalChange = { watch: StixObject } | { unwatch: string };

export interface DetectorOptions {
  /** An indicator that cannot be evaluated on some event (an unsupported MATCHES, say). */
  onEvaluationError?: (indicatorId: string, message: string) => void;
  /**
   * Told of every change to the temporal indicators watched, so that a detector on another thread,
   * which runs the temporal engine for several that only filter its events, can mirror them.
   */
  onTemporalChange?: (change: TemporalChange) => void;
  /** Pending observations per entity and temporal pattern; see StreamMatcher. */
  maxPending?: number;
}

/** Microseconds since the epoch; undefined when the text is not a timestamp. */
function micros(text: string): number | undefined {
  const value = toMicros(text);
  return value === undefined ? undefined : Number(value);
}

/** The version the store orders by: `modified`, else `created`; -Infinity for neither (always replaced). */
function versionOf(indicator: StixObject): number {
  const text = indicator.modified ?? indicator.created;
  return (typeof text === 'string' ? micros(text) : undefined) ?? Number.NEGATIVE_INFINITY;
}

interface Watchable {
  pattern: Pattern;
  validFrom: number;
  validUntil: number;
}

/**
 * Whether an indicator is to be watched: STIX patterns only, not revoked, a validity window that
 * can be read. The window is checked against the time of each match, so old logs are judged by
 * the intel valid then.
 */
function watchable(indicator: StixObject): Watchable | Omit<Refusal, 'id'> {
  const unsupported = (reason: string) => ({ code: 'unsupported' as const, reason });
  if (indicator.type !== 'indicator') return unsupported('not an indicator');
  if (indicator.revoked === true) return { code: 'revoked', reason: 'revoked' };
  const patternType = indicator.pattern_type ?? 'stix';
  if (patternType !== 'stix')
    return unsupported(`pattern_type ${String(patternType)} is not run by this engine`);
  if (typeof indicator.pattern !== 'string') return unsupported('no pattern');
  const validFrom =
    indicator.valid_from === undefined ? Number.NEGATIVE_INFINITY : micros(String(indicator.valid_from));
  const validUntil =
    indicator.valid_until === undefined ? Number.POSITIVE_INFINITY : micros(String(indicator.valid_until));
  if (validFrom === undefined) return unsupported('valid_from is not a timestamp');
  if (validUntil === undefined) return unsupported('valid_until is not a timestamp');
  const parsed = parsePattern(indicator.pattern, { version: patternVersionOf(indicator) });
  if (!parsed.ok) {
    return unsupported(
      `invalid pattern: ${parsed.errors.map((error) => `${error.message} (at ${error.start})`).join('; ')}`,
    );
  }
  return { pattern: parsed.pattern, validFrom, validUntil };
}

const NO_DETECTIONS: readonly Detection[] = Object.freeze([]);

export class Detector {
  private readonly single: CompiledSet;
  private readonly temporal: StreamMatcher;
  /** Every indicator given, watched or not: a refused version still orders the ones after it. */
  private readonly table = new IndicatorTable();
  private watched = 0;
  private temporalCount = 0;
  /** The event each observation came from, to report provenance for the observations of a match. */
  private readonly eventOf = new WeakMap<Observation, ObservedEvent>();
  private readonly onTemporalChange: ((change: TemporalChange) => void) | undefined;

  constructor(options: DetectorOptions = {}) {
    this.onTemporalChange = options.onTemporalChange;
    const onError = (id: string, error: PatternEvaluationError) =>
      options.onEvaluationError?.(id, error.message);
    this.single = new CompiledSet({ onEvaluationError: onError });
    this.temporal = new StreamMatcher([], {
      onEvaluationError: onError,
      ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
    });
  }

  /** How many indicators are watched. */
  get size(): number {
    return this.watched;
  }

  has(id: string): boolean {
    const row = this.table.find(id);
    return row !== undefined && this.table.state(row) !== HELD;
  }

  /**
   * Watches an indicator, replacing the version held unless that one is later (a version arriving
   * late is ignored, as it would be in the store's `last`). A refusal says why it is not watched;
   * a refused version (revoked, say) stops the one before it.
   */
  upsert(indicator: StixObject): Refusal | undefined {
    const id = String(indicator.id);
    const version = versionOf(indicator);
    let row = this.table.find(id);
    if (row !== undefined && this.table.version(row) > version)
      return { id, code: 'stale', reason: 'a later version is held' };
    if (row === undefined) row = this.table.add(id);
    else this.unwatch(id, row);
    const watch = watchable(indicator);
    if (!('pattern' in watch)) {
      this.table.set(row, HELD, version, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
      return { id, ...watch };
    }
    const { pattern, validFrom, validUntil } = watch;
    if (pattern.expression.kind === 'observation') {
      this.single.add({ id, pattern });
      this.table.set(row, SINGLE, version, validFrom, validUntil);
    } else {
      this.temporal.add({ id, pattern });
      this.temporalCount += 1;
      this.table.set(row, TEMPORAL, version, validFrom, validUntil);
      this.onTemporalChange?.({ watch: indicator });
    }
    this.watched += 1;
    return undefined;
  }

  /** Forgets an indicator, version and all; false when it was never given. */
  remove(id: string): boolean {
    const row = this.table.find(id);
    if (row === undefined) return false;
    this.unwatch(id, row);
    this.table.delete(id, row);
    return true;
  }

  /** Runs one event through every indicator; returns the detections it completes. */
  push(event: ObservedEvent): readonly Detection[] {
    const single = this.matchSingle(event);
    const temporal = this.pushTemporal(event);
    if (temporal.length === 0) return single;
    return single.length === 0 ? temporal : [...single, ...temporal];
  }

  /** The indicators of one bracket alone: what push reports of them for this event. */
  matchSingle(event: ObservedEvent): readonly Detection[] {
    const hits = this.single.match(event.observation);
    // Most events meet no indicator: they cost no allocation.
    if (hits.length === 0) return NO_DETECTIONS;
    this.eventOf.set(event.observation, event);
    const detections: Detection[] = [];
    for (const hit of hits) this.report(hit.indicatorId, event.entity, hit.match, detections);
    return detections;
  }

  /**
   * Whether the event would take part in the temporal indicators' state: one that does not can be
   * left out of pushTemporal without changing what it reports (StreamMatcher.advances).
   */
  feedsTemporal(event: ObservedEvent): boolean {
    return this.temporalCount > 0 && this.temporal.advances(event.observation);
  }

  /**
   * The temporal indicators alone: what push reports of them for this event. Events of one entity
   * come in time order; leaving out those that do not feed them changes nothing.
   */
  pushTemporal(event: ObservedEvent): readonly Detection[] {
    if (this.temporalCount === 0) return NO_DETECTIONS;
    // Before the push: a later match reports this event's provenance if the stream keeps it.
    this.eventOf.set(event.observation, event);
    const hits = this.temporal.push(event.entity, event.observation);
    if (hits.length === 0) return NO_DETECTIONS;
    const detections: Detection[] = [];
    for (const hit of hits) this.report(hit.indicatorId, event.entity, hit.match, detections);
    return detections;
  }

  /** State held for temporal patterns, for monitoring (flat memory on a long stream). */
  stats() {
    return this.temporal.stats();
  }

  /** Takes the indicator out of its engine; its row (and version) stays. */
  private unwatch(id: string, row: number): void {
    const state = this.table.state(row);
    if (state === HELD) return;
    if (state === TEMPORAL) {
      this.temporal.remove(id);
      this.temporalCount -= 1;
      this.onTemporalChange?.({ unwatch: id });
    } else {
      this.single.remove(id);
    }
    this.table.set(row, HELD, this.table.version(row), Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
    this.watched -= 1;
  }

  private report(indicatorId: string, entity: string, match: PatternMatch, into: Detection[]): void {
    const row = this.table.find(indicatorId);
    if (row === undefined || this.table.state(row) === HELD) return;
    // Valid while the matched activity happened: from valid_from, up to (not including) valid_until.
    const first = micros(match.firstObserved) ?? Number.NaN;
    const last = micros(match.lastObserved) ?? Number.NaN;
    if (!(first >= this.table.validFrom(row) && last < this.table.validUntil(row))) return;
    const events: ObservedEvent[] = [];
    for (const observation of match.observations) {
      const event = this.eventOf.get(observation);
      if (event !== undefined) events.push(event);
    }
    const version = this.table.version(row);
    into.push({
      indicator: {
        id: indicatorId,
        ...(Number.isFinite(version) ? { version: formatMicros(BigInt(version)) } : {}),
      },
      entity,
      events,
      firstObserved: match.firstObserved,
      lastObserved: match.lastObserved,
      match,
    });
  }
}
