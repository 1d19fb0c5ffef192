// One request of `dreamcatcher pattern match --jsonl`, the line protocol test harnesses drive the
// matcher with (the same shape the OASIS reference matcher's tests use): a JSON object
//   {"pattern": "...", "stix_version": "2.0" | "2.1", "observed_data": [...]}
// where observed_data holds STIX 2.0 observed-data with embedded objects, or for 2.1 bundles (or
// loose objects) holding observed-data and the SCOs they reference. The answer is exactly
// {"match": true}, {"match": false} or {"error": "..."}; nothing about a request can stop the
// stream, so every failure, a blank line included, is an answer.

import type { PatternVersion } from './ast.js';
import { PatternEvaluationError } from './evaluate/errors.js';
import { matchPattern } from './evaluate/match.js';
import { observationsFrom20, observationsFrom21 } from './observation.js';
import { parsePattern } from './parser.js';

export type MatchAnswer = { match: boolean } | { error: string };

export function answerMatchRequest(line: string): MatchAnswer {
  if (line.trim() === '') return { error: 'blank line: expected a JSON object with "pattern"' };
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (failure) {
    return { error: `not JSON: ${(failure as Error).message}` };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { error: 'expected a JSON object with "pattern", "stix_version" and "observed_data"' };
  }
  const {
    pattern,
    stix_version: version = '2.1',
    observed_data: observedData,
  } = request as Record<string, unknown>;
  if (typeof pattern !== 'string') return { error: '"pattern" must be a string' };
  if (version !== '2.0' && version !== '2.1') return { error: '"stix_version" must be "2.0" or "2.1"' };
  if (!Array.isArray(observedData)) return { error: '"observed_data" must be a list' };
  const parsed = parsePattern(pattern, { version: version as PatternVersion });
  if (!parsed.ok) {
    return {
      error: `invalid pattern: ${parsed.errors.map((e) => `${e.message} (at ${e.start})`).join('; ')}`,
    };
  }
  const read = version === '2.0' ? observationsFrom20(observedData) : observationsFrom21(observedData);
  if (read.errors.length > 0) {
    return { error: `invalid observed_data: ${read.errors.map((e) => e.message).join('; ')}` };
  }
  try {
    return { match: matchPattern(parsed.pattern, read.observations) !== undefined };
  } catch (failure) {
    if (failure instanceof PatternEvaluationError) return { error: failure.message };
    throw failure;
  }
}
