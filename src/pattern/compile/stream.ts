// Temporal patterns over a stream of observations, per entity (a host, a user: whatever the caller
// partitions by). Observations of one entity must come in order of first_observed.
//
// What a match means on a stream. For one pattern P and one entity's observations s1, s2, ...:
// the matcher emits at s_k when matchPattern(P, [s_r .. s_k]) matches and
// matchPattern(P, [s_r .. s_(k-1)]) does not, where r is 1 at first and, after each emission at
// s_k, becomes k + 1: a match is reported when it completes, and the observations up to it are
// spent, so one burst of activity raises one match, the next burst the next. (Matching is
// monotone: more observations never undo a match. So the emitted match always uses s_k.)
//
// State, per entity and pattern: the observations since the last emission that satisfy one of the
// pattern's brackets (the others cannot fill any slot, so the evaluator's answer does not change
// without them), minus those beyond the pattern's horizon (horizon.ts): kept ones can still take
// part in a match, dropped ones cannot, and minus those another kept one can stand in for in any
// match with any observations still to come (../evaluate/dominated.ts: after one `a`, a thousand
// `c`s waiting for the `d` of `[a] FOLLOWEDBY [c] FOLLOWEDBY [d]` keep one). That runs when a list
// reaches `reduceFrom` and again each time it has doubled since. Both are exact. At most
// `maxPending` are kept after them, a bound for patterns whose pending observations no other can
// stand in for; a pattern whose match takes more instances than that (`[a] REPEATS 300 TIMES
// WITHIN 60 SECONDS`) may keep twice as many as a match takes, or it could never match, up to
// MAX_ROOM: each observation evaluates the whole list, so a pattern that needs more is reported
// and not evaluated, rather than letting one indicator slow the stream without end. When the
// cap drops an observation the result may differ from the definition above, and
// `stats().dropped` says so. Every bracket is in one BracketIndex (bracket-index.ts), so an
// observation touches only the patterns whose brackets it may satisfy, and a pattern is
// evaluated (over its few pending observations) only when one of its brackets was satisfied.

import type { Pattern } from '../ast.js';
import { dominated } from '../evaluate/dominated.js';
import { PatternEvaluationError } from '../evaluate/errors.js';
import { matchPrepared, type PatternMatch } from '../evaluate/match.js';
import { patternPlans } from '../evaluate/plan.js';
import { PreparedObservations, timesOf } from '../evaluate/prepared.js';
import type { Instant } from '../evaluate/time.js';
import type { Observation } from '../observation.js';
import { BracketIndex } from './bracket-index.js';
import type { CompilableIndicator, EvaluationErrorHandler } from './compiled-set.js';
import { horizonOf } from './horizon.js';

/**
 * The most pending observations a pattern whose matches take many may keep per entity (twice
 * what a match takes, up to this): each observation that advances it evaluates the whole list.
 */
const MAX_ROOM = 4_096;

export interface StreamMatch {
  indicatorId: string;
  entity: string;
  /** Which observations filled which bracket, and the time span they cover. */
  match: PatternMatch;
}

export interface StreamOptions {
  /**
   * As in CompileOptions: an indicator the evaluator cannot run is reported, not thrown; on a
   * stream it is also no longer evaluated until the indicator changes.
   */
  onEvaluationError?: EvaluationErrorHandler;
  /**
   * Pending observations kept per entity and pattern, 256 unless given; twice the instances a
   * match takes for a pattern whose matches take more (up to 4,096; a pattern that needs more is
   * reported as too complex and not evaluated).
   */
  maxPending?: number;
  /**
   * The length of a pending list at which those another can stand in for are let go, and again
   * each time it has doubled since; 32 unless given.
   */
  reduceFrom?: number;
  /** Observations between sweeps that drop expired state of idle patterns; 65,536 unless given. */
  sweepEvery?: number;
}

export interface StreamStats {
  entities: number;
  /** Pending observations held, over all entities and patterns. */
  pending: number;
  /** Observations dropped by the `maxPending` cap: non-zero means results may be incomplete. */
  dropped: number;
  /** Observations let go because a kept one can stand in for them in any match (exact). */
  reduced: number;
  /**
   * Observations advancing a pattern that came earlier than the previous such observation of their
   * entity (while it holds state): exactness assumes none.
   */
  outOfOrder: number;
}

interface Pending {
  observation: Observation;
  last: Instant;
}

interface PendingList {
  items: Pending[];
  /** The length at which to look for observations another can stand in for. */
  reduceAt: number;
}

interface EntityState {
  newest: Instant;
  /** By pattern slot. */
  pending: Map<number, PendingList>;
}

interface TemporalPattern {
  id: string;
  pattern: Pattern;
  horizon: Instant | undefined;
  /** The most pending observations kept. */
  cap: number;
  /** Bracket entries in the index. */
  brackets: number[];
}

export class StreamMatcher {
  /** Every pattern's brackets, owned by the pattern's slot. */
  private readonly index = new BracketIndex();
  private readonly patterns: (TemporalPattern | undefined)[] = [];
  private readonly slotOfId = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly entities = new Map<string, EntityState>();
  private readonly maxPending: number;
  private readonly reduceFrom: number;
  private readonly onEvaluationError: EvaluationErrorHandler | undefined;
  private readonly sweepEvery: number;
  private sinceSweep = 0;
  private dropped = 0;
  private reduced = 0;
  private outOfOrder = 0;

  constructor(indicators: Iterable<CompilableIndicator> = [], options: StreamOptions = {}) {
    this.maxPending = options.maxPending ?? 256;
    this.reduceFrom = options.reduceFrom ?? 32;
    this.onEvaluationError = options.onEvaluationError;
    this.sweepEvery = options.sweepEvery ?? 65_536;
    for (const indicator of indicators) this.add(indicator);
  }

  /** Adds an indicator, replacing the one with the same id (and dropping its pending state). */
  add(indicator: CompilableIndicator): void {
    this.remove(indicator.id);
    const largest = largestMatch(indicator.pattern);
    const cap = Math.max(this.maxPending, Math.min(2 * largest, MAX_ROOM));
    if (largest > cap) {
      this.refuse(indicator, largest, cap);
      return;
    }
    const slot = this.freeSlots.pop() ?? this.patterns.length;
    const brackets = this.index.add(slot, indicator.pattern);
    this.patterns[slot] = {
      id: indicator.id,
      pattern: indicator.pattern,
      horizon: horizonOf(indicator.pattern.expression),
      cap,
      brackets,
    };
    this.slotOfId.set(indicator.id, slot);
  }

  remove(id: string): boolean {
    const slot = this.slotOfId.get(id);
    if (slot === undefined) return false;
    this.index.remove((this.patterns[slot] as TemporalPattern).brackets);
    for (const state of this.entities.values()) state.pending.delete(slot);
    this.patterns[slot] = undefined;
    this.freeSlots.push(slot);
    this.slotOfId.delete(id);
    return true;
  }

  /** Feeds one observation of an entity; returns the matches it completes. */
  push(entity: string, observation: Observation): StreamMatch[] {
    if (++this.sinceSweep >= this.sweepEvery) this.sweep();
    const advanced = this.advancedPatterns(observation);
    // An observation that advances nothing changes no state: pruning later measures from the next
    // one that does, which in a time-ordered stream is no earlier.
    if (advanced.length === 0) return [];
    // Parsed once per observation: the evaluations below and the detector's other engine read them too.
    const { first, last } = timesOf(observation);
    let state = this.entities.get(entity);
    if (state === undefined) {
      state = { newest: first, pending: new Map() };
      this.entities.set(entity, state);
    } else if (first < state.newest) {
      this.outOfOrder++;
    } else {
      state.newest = first;
    }
    const matches: StreamMatch[] = [];
    for (const slot of advanced) {
      const temporal = this.patterns[slot] as TemporalPattern;
      const list = state.pending.get(slot);
      let pending = this.prune(list?.items ?? [], temporal.horizon, state.newest);
      pending.push({ observation, last });
      let reduceAt = list?.reduceAt ?? this.reduceFrom;
      let match: PatternMatch | undefined;
      try {
        if (pending.length >= reduceAt) {
          pending = this.reduce(temporal.pattern, pending, state.newest);
          reduceAt = Math.max(this.reduceFrom, 2 * pending.length);
        }
        if (pending.length > temporal.cap) {
          pending.shift();
          this.dropped++;
        }
        // Nothing pending matched before this observation (a match empties the list; pruning,
        // reducing and the cap only take away), so every match now uses it, if it is still the
        // last one (a reduction may have let it go for one that stands in for it).
        const prepared = new PreparedObservations(pending.map((p) => p.observation));
        const newest = pending.at(-1)?.observation === observation ? pending.length - 1 : undefined;
        match = matchPrepared(temporal.pattern, prepared, newest);
      } catch (error) {
        if (!(error instanceof PatternEvaluationError) || this.onEvaluationError === undefined) throw error;
        this.suspend(temporal, error, this.onEvaluationError);
        continue;
      }
      if (match === undefined) {
        state.pending.set(slot, { items: pending, reduceAt });
      } else {
        state.pending.delete(slot);
        matches.push({ indicatorId: temporal.id, entity, match });
      }
    }
    if (state.pending.size === 0) this.entities.delete(entity);
    return matches;
  }

  /** Reports a pattern whose match takes more observations than the stream keeps for it. */
  private refuse(indicator: CompilableIndicator, largest: number, cap: number): void {
    const { start, end } = indicator.pattern;
    const error = new PatternEvaluationError(
      'too-complex',
      `a match takes ${largest} observations, more than the ${cap} a stream keeps per entity; ` +
        'not evaluated on this stream',
      { start, end },
    );
    if (this.onEvaluationError === undefined) throw error;
    this.onEvaluationError(indicator.id, error);
  }

  /**
   * Takes out a pattern the evaluator could not decide. Another observation would only make it
   * harder: a search over its budget costs about half a second, and it would run again with every
   * observation that advances the pattern, a stall a peer could cause with one indicator.
   */
  private suspend(
    temporal: TemporalPattern,
    error: PatternEvaluationError,
    report: EvaluationErrorHandler,
  ): void {
    this.remove(temporal.id);
    report(
      temporal.id,
      new PatternEvaluationError(
        error.code,
        `${error.message}; no longer evaluated on this stream until the indicator changes`,
        error.span,
      ),
    );
  }

  /**
   * Whether `push` would keep or use the observation: it satisfies a bracket of some pattern. One
   * that does not changes no state, so a caller may leave it out of the stream (a hunt worker
   * forwards only these to the thread that keeps the state) without changing what push reports.
   */
  advances(observation: Observation): boolean {
    return this.advancedPatterns(observation).length > 0;
  }

  stats(): StreamStats {
    let pending = 0;
    for (const state of this.entities.values())
      for (const list of state.pending.values()) pending += list.items.length;
    return {
      entities: this.entities.size,
      pending,
      dropped: this.dropped,
      reduced: this.reduced,
      outOfOrder: this.outOfOrder,
    };
  }

  /** The pattern slots with a bracket the observation satisfies, each once. */
  private advancedPatterns(observation: Observation): number[] {
    const report = this.onEvaluationError;
    return this.index.ownersSatisfied(
      observation,
      report && ((slot, error) => report((this.patterns[slot] as TemporalPattern).id, error)),
    );
  }

  /** The pending observations without those another can stand in for (../evaluate/dominated.ts). */
  private reduce(pattern: Pattern, pending: Pending[], newest: Instant): Pending[] {
    const gone = dominated(pattern, new PreparedObservations(pending.map((p) => p.observation)), newest);
    const kept = pending.filter((_, i) => !gone[i]);
    this.reduced += pending.length - kept.length;
    return kept;
  }

  /** Drops what lies beyond the horizon of the newest first_observed: it can join no future match. */
  private prune(pending: Pending[], horizon: Instant | undefined, newest: Instant): Pending[] {
    if (horizon === undefined) return pending;
    // Arrival follows first_observed, not last_observed: an expired one may follow a kept one.
    const live = (p: Pending) => p.last + horizon >= newest;
    return pending.every(live) ? pending : pending.filter(live);
  }

  /** Prunes every entity's state by its own newest time, so idle patterns release memory too. */
  private sweep(): void {
    this.sinceSweep = 0;
    for (const [entity, state] of this.entities) {
      for (const [slot, list] of state.pending) {
        const kept = this.prune(list.items, (this.patterns[slot] as TemporalPattern).horizon, state.newest);
        if (kept.length === 0) state.pending.delete(slot);
        else list.items = kept;
      }
      if (state.pending.size === 0) this.entities.delete(entity);
    }
  }
}

/**
 * The most instances a match of the pattern takes (number_observed counts), or 0 when its plans
 * cannot be built; the evaluation then reports why.
 */
function largestMatch(pattern: Pattern): number {
  try {
    const demands = patternPlans(pattern).map((plan) =>
      plan.slots.reduce((sum, slot) => sum + slot.demand, 0),
    );
    return Math.max(0, ...demands);
  } catch (error) {
    if (error instanceof PatternEvaluationError) return 0;
    throw error;
  }
}
