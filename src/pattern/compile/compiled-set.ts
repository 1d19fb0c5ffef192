// Many indicators compiled into one matcher. An observation is turned into index probes (see
// anchor-index.ts) and only the indicators hit are evaluated, by the one exact evaluator
// (../evaluate/): the index finds a superset, the evaluator decides.
//
// Memory: a parsed pattern costs kilobytes, so an indicator keeps only its id and its printed
// pattern, as bytes in a TextArena, plus its index keys. A candidate's tree is parsed again when
// it must be confirmed; a bounded cache keeps the trees of indicators that keep being candidates,
// and with each tree what the evaluator built for it (predicates, plans: held weakly by its nodes),
// so that a hot indicator's LIKE or MATCHES is compiled once, not once per confirmation.

import type { Pattern } from '../ast.js';
import { PatternEvaluationError } from '../evaluate/errors.js';
import { matchPrepared, type PatternMatch } from '../evaluate/match.js';
import { PreparedObservations } from '../evaluate/prepared.js';
import type { Observation } from '../observation.js';
import { parsePattern } from '../parser.js';
import { printPattern } from '../print.js';
import { AnchorIndex } from './anchor-index.js';
import { observationAnchor } from './anchors.js';
import { IdTable } from './id-table.js';
import { grow, TextArena } from './text-arena.js';

export interface CompilableIndicator {
  id: string;
  pattern: Pattern;
}

export interface IndicatorMatch {
  indicatorId: string;
  /** Which observations satisfied which bracket of the pattern, and their time span. */
  match: PatternMatch;
}

export interface CompileOptions {
  /** How many parsed trees to keep for confirmation; 16,384 unless given. */
  treeCacheSize?: number;
  /**
   * Called for an indicator the evaluator cannot run (a MATCHES expression the linear-time engine
   * rejects, a search over its budget), which then counts as not matching, so that one such
   * indicator does not stop the others. Without it the PatternEvaluationError is thrown.
   */
  onEvaluationError?: EvaluationErrorHandler;
}

export type EvaluationErrorHandler = (indicatorId: string, error: PatternEvaluationError) => void;

/** matchPattern, with PatternEvaluationError passed to `onError` (and read as no match) if given. */
export function evaluateOrReport(
  pattern: Pattern,
  observations: PreparedObservations,
  indicatorId: () => string,
  onError: EvaluationErrorHandler | undefined,
): PatternMatch | undefined {
  try {
    return matchPrepared(pattern, observations);
  } catch (error) {
    if (onError === undefined || !(error instanceof PatternEvaluationError)) throw error;
    onError(indicatorId(), error);
    return undefined;
  }
}

const NO_MATCHES: readonly IndicatorMatch[] = Object.freeze([]);

export function compile(
  indicators: Iterable<CompilableIndicator>,
  options: CompileOptions = {},
): CompiledSet {
  const set = new CompiledSet(options);
  for (const indicator of indicators) set.add(indicator);
  return set;
}

export class CompiledSet {
  private readonly index = new AnchorIndex();
  private readonly arena = new TextArena();
  private idHandle = new Uint32Array(1024);
  private textHandle = new Uint32Array(1024);
  private slots = 0;
  private readonly freeSlots: number[] = [];
  private readonly ids = new IdTable((slot) => this.arena.get(this.idHandle[slot] as number));
  private readonly trees = new Map<number, Pattern>();
  private readonly treeCacheSize: number;
  private readonly onEvaluationError: EvaluationErrorHandler | undefined;
  private count = 0;

  constructor(options: CompileOptions = {}) {
    this.treeCacheSize = options.treeCacheSize ?? 16_384;
    this.onEvaluationError = options.onEvaluationError;
  }

  get size(): number {
    return this.count;
  }

  /** Adds an indicator, replacing the one with the same id. */
  add(indicator: CompilableIndicator): void {
    this.remove(indicator.id);
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.idHandle[slot] = this.arena.append(indicator.id);
    this.textHandle[slot] = this.arena.append(printPattern(indicator.pattern));
    this.ids.set(indicator.id, slot);
    this.index.add(slot, observationAnchor(indicator.pattern.expression));
    this.count++;
  }

  /** Removes an indicator; false when no indicator has this id. */
  remove(id: string): boolean {
    const slot = this.ids.get(id);
    if (slot === undefined) return false;
    this.index.remove(slot, observationAnchor(this.tree(slot).expression));
    this.ids.delete(id);
    this.trees.delete(slot);
    this.arena.release(this.idHandle[slot] as number);
    this.arena.release(this.textHandle[slot] as number);
    this.freeSlots.push(slot);
    this.count--;
    return true;
  }

  /** The indicators whose pattern the observation satisfies on its own. */
  match(observation: Observation): readonly IndicatorMatch[] {
    const candidates = this.index.candidates(observation);
    // Most observations meet no indicator: they cost no allocation.
    if (candidates.length === 0) return NO_MATCHES;
    const matches: IndicatorMatch[] = [];
    // Shared by every candidate: the observation's times and objects by type are read once.
    const single = new PreparedObservations([observation]);
    for (const slot of candidates) {
      const idOf = () => this.arena.get(this.idHandle[slot] as number);
      const match = evaluateOrReport(this.tree(slot), single, idOf, this.onEvaluationError);
      if (match !== undefined) matches.push({ indicatorId: idOf(), match });
    }
    return matches;
  }

  /** How many indicators the index lets through for an observation, before confirmation. */
  candidateCount(observation: Observation): number {
    return this.index.candidates(observation).length;
  }

  private tree(slot: number): Pattern {
    const cached = this.trees.get(slot);
    if (cached !== undefined) return cached;
    const pattern = reparse(this.arena.get(this.textHandle[slot] as number));
    if (this.trees.size >= this.treeCacheSize) {
      const oldest = this.trees.keys().next().value;
      if (oldest !== undefined) this.trees.delete(oldest);
    }
    this.trees.set(slot, pattern);
    return pattern;
  }

  private newSlot(): number {
    if (this.slots === this.idHandle.length) {
      this.idHandle = grow(this.idHandle);
      this.textHandle = grow(this.textHandle);
    }
    return this.slots++;
  }
}

/**
 * The tree of a printed pattern. Printing keeps the tree (print.ts); a pattern only STIX 2.0
 * accepts (a string START/STOP, a bare hyphenated name) parses under 2.0.
 */
function reparse(text: string): Pattern {
  const parsed = parsePattern(text);
  if (parsed.ok) return parsed.pattern;
  const legacy = parsePattern(text, { version: '2.0' });
  if (legacy.ok) return legacy.pattern;
  throw new Error(`a compiled pattern no longer parses: ${text}`);
}
