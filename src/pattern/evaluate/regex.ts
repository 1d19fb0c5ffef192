// MATCHES and LIKE run on re2js, a pure JavaScript port of RE2: matching time is linear in the
// input whatever the expression, which matters because patterns come from peers (ARCHITECTURE.md,
// "Regular expressions from STIX MATCHES"). PCRE constructs RE2 has no linear algorithm for
// (back references, lookaround, possessive quantifiers, recursion) are rejected with an error;
// they are never handed to V8's backtracking RegExp instead.

import { RE2JS } from 're2js';
import type { Span } from '../ast.js';
import { PatternEvaluationError } from './errors.js';

/** Compiled expressions by source; bounded so a stream of distinct patterns cannot grow it forever. */
const cache = new Map<string, RE2JS>();
const CACHE_LIMIT = 4096;

function compileCached(source: string): RE2JS {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const compiled = RE2JS.compile(source);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(source, compiled);
  return compiled;
}

/**
 * A MATCHES expression (9.5: PCRE syntax, searched anywhere in the value). The source is NFC
 * normalized first, as the values it runs on are (see compare.ts).
 */
export function compileMatches(source: string, span: Span): RE2JS {
  const normalized = source.normalize('NFC');
  try {
    return compileCached(normalized);
  } catch (failure) {
    throw new PatternEvaluationError(
      'unsupported-regex',
      `the regular expression ${JSON.stringify(source)} cannot run on the linear-time engine: ${(failure as Error).message}`,
      span,
    );
  }
}

/**
 * A LIKE pattern (9.5: SQL LIKE, "%" any run of characters, "_" exactly one) as an anchored RE2
 * expression. Both wildcards cross line breaks, as in SQL.
 */
export function compileLike(pattern: string): RE2JS {
  let source = '(?s)^';
  let literal = '';
  for (const character of pattern.normalize('NFC')) {
    if (character === '%' || character === '_') {
      if (literal !== '') source += RE2JS.quote(literal);
      literal = '';
      source += character === '%' ? '.*' : '.';
    } else {
      literal += character;
    }
  }
  if (literal !== '') source += RE2JS.quote(literal);
  return compileCached(`${source}$`);
}

export function searches(regex: RE2JS, input: string): boolean {
  return regex.matcher(input).find();
}

export function matchesWhole(regex: RE2JS, input: string): boolean {
  return regex.matcher(input).matches();
}
