// Properties over arbitrary input: parsePattern never throws; it either gives a tree whose offsets
// describe the text and which prints back to itself, or errors whose offsets lie inside the text.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { PatternVersion } from './ast.js';
import { PATTERN_ERROR_CODES, renderPatternError } from './errors.js';
import { parsePattern } from './parser.js';
import { roundTripProblem, spanProblems } from './tree-comparison.js';

const VALID = fileURLToPath(new URL('../../../src/pattern/testdata/valid/', import.meta.url));
const VALID_PATTERNS = readdirSync(VALID)
  .filter((name) => name.endsWith('.pattern'))
  .map((name) => readFileSync(join(VALID, name), 'utf8').replace(/\r?\n$/, ''));

const CODES = new Set<string>(PATTERN_ERROR_CODES);

// Characters that mean something to the lexer, plus a few that mean nothing.
const PATTERN_CHARACTERS = [..."[]():.,*'=!<>-+/\\ \n\t_abefhstxAEINORTW0159{}?|^$%@#\u00a0\u2028é😀"];
const patternCharacter = fc.constantFrom(...PATTERN_CHARACTERS);

// Whole tokens, so that random sequences reach the parser's deeper rules.
const TOKENS = [
  '[',
  ']',
  '(',
  ')',
  ',',
  'file:name',
  "file:hashes.'SHA-256'",
  'x_bad:y',
  'network-traffic:dst_ref.value',
  'a:b[*]',
  'c:d[0]',
  "'a'",
  "'(a'",
  "'10.0.0.0/8'",
  '=',
  '!=',
  '<',
  '>=',
  '==',
  '<>',
  'NOT',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'EXISTS',
  'AND',
  'OR',
  'FOLLOWEDBY',
  'WITHIN',
  'SECONDS',
  'REPEATS',
  'TIMES',
  'START',
  'STOP',
  "t'2020-01-01T00:00:00Z'",
  "t'2021-01-01T00:00:00Z'",
  "h'ab'",
  "h'abc'",
  "b'AQ=='",
  '5',
  '0',
  '-1',
  '1.5',
  '.5',
  'true',
  'false',
  'within',
  '/* c */',
];
const tokenSequence = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 40 })
  .map((tokens) => tokens.join(' '));

const edit = fc.record({
  operation: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.nat(),
  character: patternCharacter,
});

function mutate(text: string, edits: { operation: string; at: number; character: string }[]): string {
  let result = text;
  for (const { operation, at, character } of edits) {
    const i = result.length === 0 ? 0 : at % result.length;
    if (operation === 'insert') result = result.slice(0, i) + character + result.slice(i);
    else if (operation === 'delete') result = result.slice(0, i) + result.slice(i + 1);
    else result = result.slice(0, i) + character + result.slice(i + 1);
  }
  return result;
}

/** The property every input must satisfy; returns nothing, fails by assertion. */
function parsesOrExplains(text: string, version: PatternVersion): void {
  const result = parsePattern(text, { version });
  if (result.ok) {
    assert.deepEqual(spanProblems(text, result.pattern), []);
    assert.equal(roundTripProblem(result.pattern, version), undefined);
    return;
  }
  assert.ok(result.errors.length > 0);
  for (const error of result.errors) {
    assert.ok(CODES.has(error.code), error.code);
    assert.ok(
      0 <= error.start && error.start <= error.end && error.end <= text.length,
      JSON.stringify(error),
    );
    assert.ok(error.message.length > 0 && !error.message.includes('\n'), error.message);
    assert.match(renderPatternError(text, error), /\^/);
  }
}

const version = fc.constantFrom<PatternVersion>('2.0', '2.1');

describe('parsePattern on arbitrary input', () => {
  it('never throws on random strings of pattern characters', () => {
    fc.assert(fc.property(fc.string({ unit: patternCharacter, maxLength: 80 }), version, parsesOrExplains), {
      numRuns: 2000,
    });
  });

  it('never throws on random Unicode, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), version, parsesOrExplains), {
      numRuns: 1000,
    });
  });

  it('never throws on random sequences of tokens', () => {
    fc.assert(fc.property(tokenSequence, version, parsesOrExplains), { numRuns: 2000 });
  });

  it('never throws on random edits of valid patterns', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID_PATTERNS),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        version,
        (text, edits, v) => parsesOrExplains(mutate(text, edits), v),
      ),
      { numRuns: 3000 },
    );
  });

  it('stops at the nesting limit instead of exhausting the stack', () => {
    const deep = `${'('.repeat(100_000)}[file:size = 1]${')'.repeat(100_000)}`;
    const result = parsePattern(deep);
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.errors[0]?.code, 'nesting-too-deep');
  });

  it('parses long flat chains without deep recursion', () => {
    const alternatives = Array.from(
      { length: 20_000 },
      (_, i) => `ipv4-addr:value = '10.0.${i >> 8}.${i & 255}'`,
    );
    const result = parsePattern(
      `[${alternatives.join(' OR ')}] AND ${'[file:size = 1] AND '.repeat(5_000)}[file:size = 2]`,
    );
    assert.ok(result.ok);
    if (!result.ok) return;
    const expression = result.pattern.expression;
    assert.equal(expression.kind, 'observation-combination');
    if (expression.kind === 'observation-combination') assert.equal(expression.operands.length, 5_002);
  });
});
