// Which observations indicators' patterns match: the logic of
// `dreamcatcher pattern match --indicators FILE --observations FILE`. A STIX 2.1 indicator
// (spec_version "2.1") carries a pattern of pattern_type "stix" in STIX 2.1 Patterning; a STIX 2.0
// indicator (no spec_version, no pattern_type) a STIX 2.0 pattern. Indicators in other pattern
// languages (sigma, yara, snort, ...) are skipped.
//
// Each pattern is matched against all the observations at once, and answers with one match (its
// witness) or none. The indicators are not each evaluated over every observation: that is
// indicators x observations bracket evaluations, seven minutes for 10,000 of each. A pattern of
// one bracket, most of them, goes into one compiled matcher (compile/compiled-set.ts) that each
// observation probes once; its witness is the earliest observation that satisfies it, after which
// it leaves the matcher. A pattern of several brackets is evaluated once, over the observations
// that satisfy one of its brackets (the others fill no slot, so the answer is the same), found by
// an index over its brackets' values (compile/anchor-index.ts).

import type { StixObject } from '../stix/object.js';
import type { Pattern } from './ast.js';
import { BracketIndex } from './compile/bracket-index.js';
import { CompiledSet } from './compile/compiled-set.js';
import { PatternEvaluationError } from './evaluate/errors.js';
import { evaluationBlocker, matchPattern } from './evaluate/match.js';
import { patternVersionOf } from './indicator-version.js';
import type { Observation } from './observation.js';
import { parsePattern } from './parser.js';

export type IndicatorOutcome =
  | { kind: 'match'; indicator: string; observedData: string[] }
  | { kind: 'no-match'; indicator: string }
  | { kind: 'skipped'; indicator: string; reason: string }
  | { kind: 'error'; indicator: string; message: string };

/** An indicator's pattern, or why it has none to match. */
function readIndicator(indicator: StixObject): { kind: 'pattern'; pattern: Pattern } | IndicatorOutcome {
  const id = indicator.id;
  const patternType = indicator.pattern_type ?? 'stix';
  if (patternType !== 'stix')
    return { kind: 'skipped', indicator: id, reason: `pattern_type ${String(patternType)}` };
  if (typeof indicator.pattern !== 'string')
    return { kind: 'error', indicator: id, message: 'no "pattern" string' };
  const version = patternVersionOf(indicator);
  const parsed = parsePattern(indicator.pattern, { version });
  if (!parsed.ok) {
    const detail = parsed.errors.map((e) => `${e.message} (at ${e.start})`).join('; ');
    return { kind: 'error', indicator: id, message: `invalid STIX ${version} pattern: ${detail}` };
  }
  return { kind: 'pattern', pattern: parsed.pattern };
}

/** A pattern of several brackets, its bracket index entries, the observations that satisfy one. */
interface Gathered {
  pattern: Pattern;
  entries: number[];
  observations: Observation[];
}

/**
 * Indicators added one by one, then matched against observations. Each carries a tag of the
 * caller's (where it was read), handed back with its outcome.
 */
export class IndicatorMatcher<Tag> {
  private readonly ids: string[] = [];
  private readonly tags: Tag[] = [];
  private readonly outcomes: (IndicatorOutcome | undefined)[] = [];
  /** One-bracket patterns, keyed by their position among the indicators added. */
  private readonly singles = new CompiledSet({
    onEvaluationError: (key, error) => this.failWhileMatching(Number(key), error),
  });
  /** Patterns the evaluator could not run on an observation, to take out of the indexes. */
  private readonly failed: number[] = [];
  private readonly gathered = new Map<number, Gathered>();
  /** The brackets of the patterns in `gathered`, owned by their positions. */
  private readonly brackets = new BracketIndex();

  /**
   * Takes an indicator. Returns its outcome at once when it has no pattern to match (skipped, a
   * pattern that does not parse or that the evaluator cannot run); otherwise `match` decides it.
   */
  add(indicator: StixObject, tag: Tag): IndicatorOutcome | undefined {
    const read = readIndicator(indicator);
    if (read.kind !== 'pattern') return read;
    // A MATCHES the linear-time engine rejects, or more alternatives than the evaluator unfolds,
    // is an error whether or not an observation would reach it, as when the pattern is evaluated
    // alone.
    const blocker = evaluationBlocker(read.pattern);
    if (blocker !== undefined) return { kind: 'error', indicator: indicator.id, message: blocker.message };
    const position = this.ids.push(indicator.id) - 1;
    this.tags.push(tag);
    const { pattern } = read;
    if (pattern.expression.kind === 'observation') {
      this.singles.add({ id: String(position), pattern });
      return undefined;
    }
    this.gathered.set(position, { pattern, entries: this.brackets.add(position, pattern), observations: [] });
    return undefined;
  }

  /**
   * The outcome of every indicator `add` kept, in the order added, against these observations
   * (in order of first_observed: a one-bracket pattern's witness is the first it meets).
   */
  *match(observations: readonly Observation[]): Iterable<{ outcome: IndicatorOutcome; tag: Tag }> {
    for (const observation of observations) {
      for (const { indicatorId } of this.singles.match(observation)) {
        const position = Number(indicatorId);
        this.outcomes[position] ??= this.matched(position, [observation]);
        this.singles.remove(indicatorId);
      }
      const onError = (position: number, error: PatternEvaluationError) =>
        this.failWhileMatching(position, error);
      for (const position of this.brackets.ownersSatisfied(observation, onError)) {
        if (this.outcomes[position] === undefined)
          this.gathered.get(position)?.observations.push(observation);
      }
      // Those the evaluator could not run on it are decided too (as errors).
      for (const position of this.failed.splice(0)) {
        const gathered = this.gathered.get(position);
        if (gathered === undefined) this.singles.remove(String(position));
        else this.brackets.remove(gathered.entries);
      }
    }
    for (const [position, { pattern, observations: relevant }] of this.gathered) {
      if (this.outcomes[position] !== undefined) continue;
      try {
        const found = relevant.length === 0 ? undefined : matchPattern(pattern, relevant);
        if (found !== undefined) this.outcomes[position] = this.matched(position, found.observations);
      } catch (error) {
        if (!(error instanceof PatternEvaluationError)) throw error;
        this.fail(position, error);
      }
    }
    for (const [position, id] of this.ids.entries()) {
      yield {
        outcome: this.outcomes[position] ?? { kind: 'no-match', indicator: id },
        tag: this.tags[position] as Tag,
      };
    }
  }

  private matched(position: number, observations: readonly Observation[]): IndicatorOutcome {
    return {
      kind: 'match',
      indicator: this.ids[position] as string,
      observedData: observations.map((o) => o.id),
    };
  }

  private fail(position: number, error: PatternEvaluationError): void {
    this.outcomes[position] ??= {
      kind: 'error',
      indicator: this.ids[position] as string,
      message: error.message,
    };
  }

  /** fail, while observations are still to come: the pattern leaves the indexes after this one. */
  private failWhileMatching(position: number, error: PatternEvaluationError): void {
    this.fail(position, error);
    this.failed.push(position);
  }
}
