// Recursive-descent parser for STIX patterns, following STIXPattern.g4 (STIX 2.1 section 9 and
// its ANTLR grammar in oasis-open/cti-stix2-json-schemas):
//
//   pattern      := followed-by END
//   followed-by  := or ('FOLLOWEDBY' or)*            loosest observation operator (9.6)
//   or           := and ('OR' and)*
//   and          := qualified ('AND' qualified)*
//   qualified    := primary qualifier*               qualifiers bind tightest (9.7)
//   primary      := '[' comparisons ']' | '(' followed-by ')'
//   qualifier    := WITHIN number SECONDS | REPEATS number TIMES | START ts STOP ts
//   comparisons  := comp-and ('OR' comp-and)*       inside brackets AND binds tighter (9.5)
//   comp-and     := test ('AND' test)*
//   test         := '(' comparisons ')' | 'NOT'? 'EXISTS' path | path 'NOT'? operator value
//   path         := object-type ':' key step*        (9.4)
//   step         := '.' key | '[' integer ']' | '[' '*' ']'
//
// parsePattern lexes, parses, then runs the semantic checks of check.ts. It never throws.

import type {
  ComparisonBooleanOperator,
  ComparisonExpression,
  Constant,
  FloatConstant,
  IntegerConstant,
  ObjectPath,
  ObservationExpression,
  ObservationOperator,
  PathStep,
  Pattern,
  PatternVersion,
  PropertyStep,
  Qualifier,
  SetConstant,
  StringConstant,
  TimestampConstant,
  ValueOperator,
} from './ast.js';
import { checkPattern } from './check.js';
import { abbreviate, type PatternError, patternError } from './errors.js';
import { KEYWORDS } from './keywords.js';
import { lex, type Token, type TokenKind } from './lexer.js';

export interface ParseOptions {
  /** The STIX Patterning version the text is written in; '2.1' unless given. */
  version?: PatternVersion;
}

export type ParseResult = { ok: true; pattern: Pattern } | { ok: false; errors: PatternError[] };

/**
 * How deep brackets and parentheses may nest. The grammar sets no limit; this one keeps the
 * recursion of the parser and of every later tree walk far from the stack's end on hostile input.
 */
const MAX_NESTING = 100;

export function parsePattern(text: string, options: ParseOptions = {}): ParseResult {
  const version = options.version ?? '2.1';
  const { tokens, errors } = lex(text);
  if (errors.length > 0) return { ok: false, errors };
  const first = tokens[0] as Token;
  if (first.kind === 'end') {
    return {
      ok: false,
      errors: [patternError('empty-pattern', 'an observation expression', 'an empty pattern', first)],
    };
  }
  let pattern: Pattern;
  try {
    pattern = new Parser(tokens, version).parsePattern();
  } catch (failure) {
    if (failure instanceof SyntaxFailure) return { ok: false, errors: [failure.error] };
    throw failure;
  }
  const problems = checkPattern(pattern, version);
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, pattern };
}

/** Carries the first syntax error out of the recursion; caught only by parsePattern. */
class SyntaxFailure {
  constructor(readonly error: PatternError) {}
}

const OBSERVATION_OPERATORS: ObservationOperator[] = ['FOLLOWEDBY', 'OR', 'AND'];
const QUALIFIER_KEYWORDS = ['WITHIN', 'REPEATS', 'START'];
const SYMBOL_OPERATORS: Partial<Record<TokenKind, ValueOperator>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const KEYWORD_OPERATORS = ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'] as const;
const OPERATOR_EXPECTATION =
  'a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)';
const CONSTANT_EXPECTATION = 'a constant';
// 9.4, and the grammar's IdentifierWithoutHyphen: in STIX 2.1 a property name holding a hyphen
// must be quoted (`extensions.'windows-pebinary-ext'`); STIX 2.0's Identifier allowed it bare.
const BARE_PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly version: PatternVersion,
  ) {}

  parsePattern(): Pattern {
    const start = this.peek().start;
    const expression = this.parseObservations('FOLLOWEDBY');
    if (this.peek().kind !== 'end') {
      this.fail("'AND', 'OR', 'FOLLOWEDBY', a qualifier or the end of the pattern", [
        ...OBSERVATION_OPERATORS,
        ...QUALIFIER_KEYWORDS,
      ]);
    }
    return { kind: 'pattern', expression, start, end: this.previousEnd() };
  }

  /** One precedence level of observation operators; `operator` is the loosest one parsed here. */
  private parseObservations(operator: ObservationOperator): ObservationExpression {
    const level = OBSERVATION_OPERATORS.indexOf(operator);
    const tighter = OBSERVATION_OPERATORS[level + 1];
    const parseOperand = () =>
      tighter === undefined ? this.parseQualified() : this.parseObservations(tighter);
    const start = this.peek().start;
    const operands = [parseOperand()];
    while (this.atKeyword(operator)) {
      this.index++;
      operands.push(parseOperand());
    }
    const [only] = operands;
    if (operands.length === 1 && only !== undefined) return only;
    return { kind: 'observation-combination', operator, operands, start, end: this.previousEnd() };
  }

  private parseQualified(): ObservationExpression {
    const start = this.peek().start;
    const expression = this.parsePrimaryObservation();
    const qualifiers: Qualifier[] = [];
    for (let qualifier = this.parseQualifier(); qualifier !== undefined; qualifier = this.parseQualifier()) {
      qualifiers.push(qualifier);
    }
    if (qualifiers.length === 0) return expression;
    return { kind: 'qualified', expression, qualifiers, start, end: this.previousEnd() };
  }

  private parsePrimaryObservation(): ObservationExpression {
    const token = this.peek();
    if (token.kind === '[') {
      this.enterNesting(token);
      this.index++;
      const comparison = this.parseComparisons('OR');
      this.expect(']', "']' to close the observation expression", ['AND', 'OR']);
      this.depth--;
      return { kind: 'observation', comparison, start: token.start, end: this.previousEnd() };
    }
    if (token.kind === '(') {
      this.enterNesting(token);
      this.index++;
      const inner = this.parseObservations('FOLLOWEDBY');
      this.expect(')', "')' to close the parenthesis", [...OBSERVATION_OPERATORS, ...QUALIFIER_KEYWORDS]);
      this.depth--;
      return inner;
    }
    if (token.kind === 'identifier' && this.peek(1).kind === ':') {
      throw new SyntaxFailure(
        patternError(
          'missing-brackets',
          "'[' to open an observation expression",
          `object path '${abbreviate(token.text)}:'`,
          token,
        ),
      );
    }
    return this.fail("an observation expression '[...]' or '('");
  }

  private parseQualifier(): Qualifier | undefined {
    const token = this.peek();
    if (this.atKeyword('WITHIN')) {
      this.index++;
      const seconds = this.parseNumber('a number of seconds');
      this.expectKeyword('SECONDS');
      return { kind: 'within', seconds, start: token.start, end: this.previousEnd() };
    }
    if (this.atKeyword('REPEATS')) {
      this.index++;
      const times = this.parseNumber('a number of times');
      this.expectKeyword('TIMES');
      return { kind: 'repeats', times, start: token.start, end: this.previousEnd() };
    }
    if (this.atKeyword('START')) {
      this.index++;
      const startTime = this.parseInstant("a timestamp t'...' after START");
      this.expectKeyword('STOP');
      const stopTime = this.parseInstant("a timestamp t'...' after STOP");
      return { kind: 'start-stop', startTime, stopTime, start: token.start, end: this.previousEnd() };
    }
    return undefined;
  }

  private parseComparisons(operator: ComparisonBooleanOperator): ComparisonExpression {
    const start = this.peek().start;
    const parseOperand = () => (operator === 'OR' ? this.parseComparisons('AND') : this.parseTest());
    const operands = [parseOperand()];
    while (this.atKeyword(operator)) {
      this.index++;
      operands.push(parseOperand());
    }
    const [only] = operands;
    if (operands.length === 1 && only !== undefined) return only;
    return { kind: 'comparison-combination', operator, operands, start, end: this.previousEnd() };
  }

  private parseTest(): ComparisonExpression {
    const token = this.peek();
    if (token.kind === '(') {
      this.enterNesting(token);
      this.index++;
      const inner = this.parseComparisons('OR');
      this.expect(')', "')' to close the parenthesis", ['AND', 'OR']);
      this.depth--;
      return inner;
    }
    const negatedExists = this.atKeyword('NOT') && this.atKeyword('EXISTS', 1);
    if (negatedExists || this.atKeyword('EXISTS')) {
      this.index += negatedExists ? 2 : 1;
      const path = this.parsePath();
      return {
        kind: 'comparison',
        operator: 'EXISTS',
        negated: negatedExists,
        path,
        start: token.start,
        end: path.end,
      };
    }
    const path = this.parsePath();
    const negated = this.atKeyword('NOT');
    if (negated) this.index++;
    const operatorToken = this.peek();
    if (this.atKeyword('IN')) {
      this.index++;
      const value = this.parseSet();
      return { kind: 'comparison', operator: 'IN', negated, path, value, start: token.start, end: value.end };
    }
    const keywordOperator = KEYWORD_OPERATORS.find((keyword) => this.atKeyword(keyword));
    const operator = keywordOperator ?? SYMBOL_OPERATORS[operatorToken.kind];
    if (operator === undefined) {
      return this.fail(OPERATOR_EXPECTATION, ['IN', ...KEYWORD_OPERATORS, ...(negated ? [] : ['NOT'])]);
    }
    this.index++;
    const value = this.parseConstant(CONSTANT_EXPECTATION);
    return { kind: 'comparison', operator, negated, path, value, start: token.start, end: value.end };
  }

  private parsePath(): ObjectPath {
    const typeToken = this.peek();
    if (typeToken.kind !== 'identifier') return this.fail('an object path such as file:name');
    this.index++;
    this.expect(':', "':' between the object type and the property name");
    const steps: PathStep[] = [this.parsePropertyStep()];
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.index++;
        steps.push(this.parsePropertyStep());
      } else if (token.kind === '[') {
        steps.push(this.parseIndexStep());
      } else {
        break;
      }
    }
    return {
      kind: 'object-path',
      objectType: { kind: 'object-type', name: typeToken.text, start: typeToken.start, end: typeToken.end },
      steps,
      start: typeToken.start,
      end: this.previousEnd(),
    };
  }

  private parsePropertyStep(): PropertyStep {
    const token = this.peek();
    if (token.kind === 'string') {
      if (token.value === '') {
        throw new SyntaxFailure(
          patternError('invalid-property-name', 'a property name', "an empty name ''", token),
        );
      }
    } else if (token.kind === 'identifier') {
      if (this.version === '2.1' && !BARE_PROPERTY_NAME.test(token.text)) {
        throw new SyntaxFailure(
          patternError(
            'invalid-property-name',
            `a property name without '-' (quote it in STIX 2.1: '${abbreviate(token.text)}')`,
            `'${abbreviate(token.text)}'`,
            token,
          ),
        );
      }
    } else {
      return this.fail('a property name');
    }
    this.index++;
    const name = token.value;
    const reference = name.endsWith('_refs') ? 'many' : name.endsWith('_ref') ? 'one' : 'none';
    return { kind: 'property', name, reference, start: token.start, end: token.end };
  }

  private parseIndexStep(): PathStep {
    const open = this.peek();
    this.enterNesting(open);
    this.index++;
    const token = this.peek();
    let step: PathStep;
    if (token.kind === '*') {
      this.index++;
      this.expect(']', "']' to close the list index");
      step = { kind: 'any-index', start: open.start, end: this.previousEnd() };
    } else if (token.kind === 'integer') {
      this.index++;
      const index = Number(token.text) || 0;
      if (!Number.isSafeInteger(index)) {
        throw new SyntaxFailure(
          patternError('integer-out-of-range', 'a list index within ±(2^53 - 1)', token.text, token),
        );
      }
      this.expect(']', "']' to close the list index");
      step = { kind: 'index', index, start: open.start, end: this.previousEnd() };
    } else {
      return this.fail("a list index: an integer or '*'");
    }
    this.depth--;
    return step;
  }

  private parseSet(): SetConstant {
    const open = this.peek();
    if (open.kind !== '(') return this.fail("a set of constants '(...)' after IN");
    this.index++;
    const elements: Constant[] = [];
    if (this.peek().kind !== ')') {
      elements.push(this.parseConstant(CONSTANT_EXPECTATION));
      while (this.peek().kind === ',') {
        this.index++;
        elements.push(this.parseConstant(CONSTANT_EXPECTATION));
      }
    }
    this.expect(')', "',' or ')' to close the set");
    return { kind: 'set', elements, start: open.start, end: this.previousEnd() };
  }

  private parseConstant(expected: string): Constant {
    const token = this.peek();
    const base = { text: token.text, start: token.start, end: token.end };
    let constant: Constant;
    switch (token.kind) {
      case 'string':
        constant = { kind: 'string', value: token.value, ...base };
        break;
      case 'integer':
        // `|| 0` folds -0 into 0: the two are one integer.
        constant = { kind: 'integer', value: Number(token.text) || 0, ...base };
        break;
      case 'float':
        constant = { kind: 'float', value: Number(token.text), ...base };
        break;
      case 'timestamp':
        constant = { kind: 'timestamp', value: token.value, ...base };
        break;
      case 'hex':
        constant = { kind: 'hex', value: token.value.toLowerCase(), ...base };
        break;
      case 'binary':
        constant = { kind: 'binary', value: token.value, ...base };
        break;
      case 'keyword':
        if (token.text !== 'true' && token.text !== 'false') return this.fail(expected);
        constant = { kind: 'boolean', value: token.text === 'true', ...base };
        break;
      default:
        return this.fail(expected, ['true', 'false']);
    }
    this.index++;
    return constant;
  }

  private parseNumber(expected: string): IntegerConstant | FloatConstant {
    const kind = this.peek().kind;
    if (kind !== 'integer' && kind !== 'float') return this.fail(expected);
    return this.parseConstant(expected) as IntegerConstant | FloatConstant;
  }

  private parseInstant(expected: string): TimestampConstant | StringConstant {
    const kind = this.peek().kind;
    if (kind !== 'timestamp' && kind !== 'string') return this.fail(expected);
    return this.parseConstant(expected) as TimestampConstant | StringConstant;
  }

  private enterNesting(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING) {
      throw new SyntaxFailure(
        patternError(
          'nesting-too-deep',
          `at most ${MAX_NESTING} nested brackets and parentheses`,
          'one more',
          token,
        ),
      );
    }
  }

  private peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  private previousEnd(): number {
    return (this.tokens[this.index - 1] ?? this.peek()).end;
  }

  private atKeyword(keyword: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'keyword' && token.text === keyword;
  }

  private expect(kind: TokenKind, expected: string, alsoKeywords: readonly string[] = []): void {
    if (this.peek().kind !== kind) this.fail(expected, alsoKeywords);
    this.index++;
  }

  private expectKeyword(keyword: string): void {
    if (!this.atKeyword(keyword)) this.fail(`'${keyword}'`, [keyword]);
    this.index++;
  }

  /**
   * Stops at the current token. `keywords` are those the position accepts: an identifier that is
   * one of them in the wrong case (`within`, `True`) gets its own error, since keywords are case
   * sensitive and that is the likeliest mistake.
   */
  private fail(expected: string, keywords: readonly string[] = []): never {
    const token = this.peek();
    if (token.kind === 'end')
      throw new SyntaxFailure(patternError('unexpected-end', expected, 'the end of the pattern', token));
    if (token.kind === 'identifier') {
      const intended = keywords.find((keyword) => keyword.toLowerCase() === token.text.toLowerCase());
      if (intended !== undefined && KEYWORDS.has(intended)) {
        throw new SyntaxFailure(
          patternError(
            'keyword-case',
            `${expected} (keywords are case sensitive: '${intended}')`,
            `'${abbreviate(token.text)}'`,
            token,
          ),
        );
      }
    }
    throw new SyntaxFailure(patternError('unexpected-token', expected, describeToken(token), token));
  }
}

function describeToken(token: Token): string {
  const shown = abbreviate(token.text);
  switch (token.kind) {
    case 'keyword':
      return `keyword '${shown}'`;
    case 'identifier':
      return `name '${shown}'`;
    case 'string':
      return `string ${shown}`;
    case 'integer':
    case 'float':
      return `number ${shown}`;
    case 'timestamp':
    case 'hex':
    case 'binary':
      return `${token.kind} constant ${shown}`;
    default:
      return `'${shown}'`;
  }
}
