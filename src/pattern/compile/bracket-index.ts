// The brackets of many patterns in one AnchorIndex: which patterns have a bracket an observation
// satisfies. An observation that satisfies none of a pattern's brackets fills none of its slots,
// so the stream matcher (stream.ts) and the file matcher (../indicator-match.ts) give each
// pattern only the observations found here.

import type { ObservationBracket, Pattern } from '../ast.js';
import { bracketsOf } from '../evaluate/bracket.js';
import { PatternEvaluationError } from '../evaluate/errors.js';
import { matchPrepared } from '../evaluate/match.js';
import { PreparedObservations } from '../evaluate/prepared.js';
import type { Observation } from '../observation.js';
import { AnchorIndex } from './anchor-index.js';
import { comparisonAnchor } from './anchors.js';

export class BracketIndex {
  private readonly index = new AnchorIndex();
  /** Per entry: the owner of its pattern, and its bracket, also as a pattern of its own. */
  private readonly owners: number[] = [];
  private readonly brackets: ({ bracket: ObservationBracket; alone: Pattern } | undefined)[] = [];
  private readonly freeEntries: number[] = [];

  /** Indexes the pattern's brackets for `owner`; returns their entries, to remove them by. */
  add(owner: number, pattern: Pattern): number[] {
    return bracketsOf(pattern.expression).map((bracket) => {
      const entry = this.freeEntries.pop() ?? this.owners.length;
      this.owners[entry] = owner;
      const alone: Pattern = { kind: 'pattern', expression: bracket, start: bracket.start, end: bracket.end };
      this.brackets[entry] = { bracket, alone };
      this.index.add(entry, comparisonAnchor(bracket.comparison));
      return entry;
    });
  }

  remove(entries: readonly number[]): void {
    for (const entry of entries) {
      const { bracket } = this.brackets[entry] as { bracket: ObservationBracket };
      this.index.remove(entry, comparisonAnchor(bracket.comparison));
      this.brackets[entry] = undefined;
      this.freeEntries.push(entry);
    }
  }

  /**
   * The owners with a bracket the observation satisfies, each once. A bracket the evaluator cannot
   * run is reported to `onError` and read as not satisfied; without `onError` the error is thrown.
   */
  ownersSatisfied(
    observation: Observation,
    onError?: (owner: number, error: PatternEvaluationError) => void,
  ): number[] {
    const found: number[] = [];
    const candidates = this.index.candidates(observation);
    // Most observations are no candidate for any bracket: nothing to prepare for them.
    if (candidates.length === 0) return found;
    const single = new PreparedObservations([observation]);
    for (const entry of candidates) {
      const owner = this.owners[entry] as number;
      if (found.includes(owner)) continue;
      try {
        const { alone } = this.brackets[entry] as { alone: Pattern };
        if (matchPrepared(alone, single) !== undefined) found.push(owner);
      } catch (error) {
        if (onError === undefined || !(error instanceof PatternEvaluationError)) throw error;
        onError(owner, error);
      }
    }
    return found;
  }
}
