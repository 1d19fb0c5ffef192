// Which observations an indicator's pattern matches: the logic of
// `dreamcatcher pattern match --indicators FILE --observations FILE`. A STIX 2.1 indicator
// (spec_version "2.1") carries a pattern of pattern_type "stix" in STIX 2.1 Patterning; a STIX 2.0
// indicator (no spec_version, no pattern_type) a STIX 2.0 pattern. Indicators in other pattern
// languages (sigma, yara, snort, ...) are skipped.

import type { StixObject } from '../stix/object.js';
import { PatternEvaluationError } from './evaluate/errors.js';
import { matchPattern } from './evaluate/match.js';
import { patternVersionOf } from './indicator-version.js';
import type { Observation } from './observation.js';
import { parsePattern } from './parser.js';

export type IndicatorOutcome =
  | { kind: 'match'; indicator: string; observedData: string[] }
  | { kind: 'no-match'; indicator: string }
  | { kind: 'skipped'; indicator: string; reason: string }
  | { kind: 'error'; indicator: string; message: string };

export function matchIndicator(
  indicator: StixObject,
  observations: readonly Observation[],
): IndicatorOutcome {
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
  try {
    const found = matchPattern(parsed.pattern, observations);
    return found === undefined
      ? { kind: 'no-match', indicator: id }
      : { kind: 'match', indicator: id, observedData: found.observations.map((o) => o.id) };
  } catch (failure) {
    if (failure instanceof PatternEvaluationError)
      return { kind: 'error', indicator: id, message: failure.message };
    throw failure;
  }
}
