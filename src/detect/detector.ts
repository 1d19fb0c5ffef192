// The streaming detector: every active indicator in one engine, fed ObservedEvents one at a time.
// Patterns of one bracket (most indicators: a hash, a domain, an address) go to the CompiledSet,
// whose indexes make their cost independent of how many there are; patterns over several
// observations or with qualifiers go to the StreamMatcher, which keeps bounded state per entity
// (host). Indicators come and go while events flow (upsert/remove), without a rebuild.

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
import { compareTimestamps } from '../stix/timestamp.js';

/** What the detector keeps of an indicator, for matching and for reporting a hit. */
export interface ActiveIndicator {
  id: string;
  name?: string;
  pattern: string;
  /** The whole object as stored, for the alert (indicator_types, kill_chain_phases, ...). */
  object: StixObject;
  validFrom?: string;
  validUntil?: string;
}

export interface Detection {
  indicator: ActiveIndicator;
  /** The host (or entity) the events are about. */
  entity: string;
  /** The events that satisfied the pattern, in time order, each with its provenance. */
  events: ObservedEvent[];
  firstObserved: string;
  lastObserved: string;
  /** Which events filled which bracket of the pattern. */
  match: PatternMatch;
}

/** Why an indicator is not in the detector. */
export type Refusal = { id: string; reason: string };

export interface DetectorOptions {
  /** An indicator that cannot be evaluated on some event (an unsupported MATCHES, say). */
  onEvaluationError?: (indicatorId: string, message: string) => void;
  /** Pending observations per entity and temporal pattern; see StreamMatcher. */
  maxPending?: number;
}

/**
 * Whether an indicator is to be watched: STIX patterns only, not revoked. Its validity window is
 * checked against the time of each match, so old logs are judged by the intel valid then.
 */
function refusal(indicator: StixObject): string | undefined {
  if (indicator.type !== 'indicator') return 'not an indicator';
  if (indicator.revoked === true) return 'revoked';
  const patternType = indicator.pattern_type ?? 'stix';
  if (patternType !== 'stix') return `pattern_type ${String(patternType)} is not run by this engine`;
  if (typeof indicator.pattern !== 'string') return 'no pattern';
  return undefined;
}

function parse(indicator: StixObject): Pattern | string {
  const parsed = parsePattern(indicator.pattern as string, { version: patternVersionOf(indicator) });
  if (parsed.ok) return parsed.pattern;
  return `invalid pattern: ${parsed.errors.map((error) => `${error.message} (at ${error.start})`).join('; ')}`;
}

export class Detector {
  private readonly single: CompiledSet;
  private readonly temporal: StreamMatcher;
  private readonly indicators = new Map<string, ActiveIndicator>();
  /** Which engine holds each indicator. */
  private readonly inTemporal = new Set<string>();
  /** The event each observation came from, to report provenance for the observations of a match. */
  private readonly eventOf = new WeakMap<Observation, ObservedEvent>();

  constructor(options: DetectorOptions = {}) {
    const onError = (id: string, error: PatternEvaluationError) =>
      options.onEvaluationError?.(id, error.message);
    this.single = new CompiledSet({ onEvaluationError: onError });
    this.temporal = new StreamMatcher([], {
      onEvaluationError: onError,
      ...(options.maxPending === undefined ? {} : { maxPending: options.maxPending }),
    });
  }

  get size(): number {
    return this.indicators.size;
  }

  has(id: string): boolean {
    return this.indicators.has(id);
  }

  /** Adds or replaces an indicator; a refusal says why it is not watched (and it is removed). */
  upsert(indicator: StixObject): Refusal | undefined {
    const id = String(indicator.id);
    const reason = refusal(indicator);
    const pattern = reason === undefined ? parse(indicator) : reason;
    if (typeof pattern === 'string') {
      this.remove(id);
      return { id, reason: pattern };
    }
    this.remove(id);
    const active: ActiveIndicator = {
      id,
      pattern: indicator.pattern as string,
      object: indicator,
      ...(typeof indicator.name === 'string' ? { name: indicator.name } : {}),
      ...(typeof indicator.valid_from === 'string' ? { validFrom: indicator.valid_from } : {}),
      ...(typeof indicator.valid_until === 'string' ? { validUntil: indicator.valid_until } : {}),
    };
    this.indicators.set(id, active);
    if (pattern.expression.kind === 'observation') {
      this.single.add({ id, pattern });
    } else {
      this.temporal.add({ id, pattern });
      this.inTemporal.add(id);
    }
    return undefined;
  }

  remove(id: string): boolean {
    if (!this.indicators.delete(id)) return false;
    if (this.inTemporal.delete(id)) this.temporal.remove(id);
    else this.single.remove(id);
    return true;
  }

  /** Runs one event through every indicator; returns the detections it completes. */
  push(event: ObservedEvent): Detection[] {
    const { observation } = event;
    this.eventOf.set(observation, event);
    const detections: Detection[] = [];
    for (const hit of this.single.match(observation))
      this.report(hit.indicatorId, event.entity, hit.match, detections);
    if (this.inTemporal.size > 0) {
      for (const hit of this.temporal.push(event.entity, observation)) {
        this.report(hit.indicatorId, event.entity, hit.match, detections);
      }
    }
    return detections;
  }

  /** State held for temporal patterns, for monitoring (flat memory on a long stream). */
  stats() {
    return this.temporal.stats();
  }

  private report(indicatorId: string, entity: string, match: PatternMatch, into: Detection[]): void {
    const indicator = this.indicators.get(indicatorId);
    if (indicator === undefined) return;
    // Valid while the matched activity happened: from valid_from, up to (not including) valid_until.
    if (indicator.validFrom !== undefined && compareTimestamps(match.firstObserved, indicator.validFrom) < 0)
      return;
    if (
      indicator.validUntil !== undefined &&
      compareTimestamps(match.lastObserved, indicator.validUntil) >= 0
    )
      return;
    const events: ObservedEvent[] = [];
    for (const observation of match.observations) {
      const event = this.eventOf.get(observation);
      if (event !== undefined) events.push(event);
    }
    into.push({
      indicator,
      entity,
      events,
      firstObserved: match.firstObserved,
      lastObserved: match.lastObserved,
      match,
    });
  }
}
