// The rules of STIX 2.1 section 9 (and of STIX 2.0 Part 5) that the grammar alone does not
// enforce. Runs on a syntactically valid tree and reports every problem it finds, in source order.

import { compareTimestamps, parseTimestamp } from '../stix/timestamp.js';
import type {
  Comparison,
  ComparisonExpression,
  Constant,
  ObjectPath,
  ObservationExpression,
  Pattern,
  PatternVersion,
  Qualifier,
  StringConstant,
  TimestampConstant,
} from './ast.js';
import { abbreviate, type PatternError, patternError } from './errors.js';
import { isIpAddressOrCidr } from './ip-address.js';
import { findRegexSyntaxError } from './regex-syntax.js';

// STIX 2.1 section 2.7 (integer): values fit a signed 54-bit range, [-(2^53)+1, (2^53)-1].
const INTEGER_RANGE = 'an integer within ±(2^53 - 1)';
// Type names (STIX 2.1 sections 3.1 and 6; STIX 2.0 Part 1 section 2.x): 3 to 250 characters,
// only a-z, 0-9 and hyphen.
const OBJECT_TYPE = /^[a-z0-9-]{3,250}$/;
// 9.2: a hex constant holds an even number of hex digits.
const HEX = /^(?:[0-9a-f]{2})*$/;
// 9.2 and the grammar's BinaryLiteral: padded base64 (RFC 4648 section 4) of at least one byte.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/;

export function checkPattern(pattern: Pattern, version: PatternVersion): PatternError[] {
  const errors: PatternError[] = [];
  checkObservation(pattern.expression, version, errors);
  return errors.sort((a, b) => a.start - b.start || a.end - b.end);
}

function checkObservation(
  expression: ObservationExpression,
  version: PatternVersion,
  errors: PatternError[],
): void {
  switch (expression.kind) {
    case 'observation':
      checkComparisons(expression.comparison, version, errors);
      return;
    case 'observation-combination':
      for (const operand of expression.operands) checkObservation(operand, version, errors);
      return;
    case 'qualified':
      checkObservation(expression.expression, version, errors);
      for (const qualifier of expression.qualifiers) checkQualifier(qualifier, version, errors);
      if (version === '2.1') checkDuplicateQualifiers(expression.qualifiers, errors);
      return;
  }
}

/**
 * 9.7 (STIX 2.1): "An Observation Expression MUST NOT have more than one Qualifier of a
 * particular type". Read as the cti-pattern-validator reads it: the qualifiers written one after
 * the other on the same expression; a parenthesized expression carrying its own qualifier counts
 * as a new one, so `([a] WITHIN 1 SECONDS) WITHIN 5 SECONDS` stays valid.
 */
function checkDuplicateQualifiers(qualifiers: Qualifier[], errors: PatternError[]): void {
  const seen = new Set<Qualifier['kind']>();
  for (const qualifier of qualifiers) {
    if (seen.has(qualifier.kind)) {
      const name = { within: 'WITHIN', repeats: 'REPEATS', 'start-stop': 'START/STOP' }[qualifier.kind];
      errors.push(
        patternError(
          'duplicate-qualifier',
          `at most one ${name} qualifier per observation expression`,
          `a second ${name}`,
          qualifier,
        ),
      );
    }
    seen.add(qualifier.kind);
  }
}

function checkQualifier(qualifier: Qualifier, version: PatternVersion, errors: PatternError[]): void {
  switch (qualifier.kind) {
    case 'within': {
      // 9.7: "WITHIN x SECONDS ... x MUST be a positive floating-point or integer value"; the
      // grammar admits IntPosLiteral and FloatPosLiteral.
      const { seconds } = qualifier;
      if (checkNumber(seconds, errors) && seconds.value <= 0) {
        errors.push(
          patternError(
            'qualifier-not-positive',
            'a positive number of seconds',
            abbreviate(seconds.text),
            seconds,
          ),
        );
      }
      return;
    }
    case 'repeats': {
      // 9.7: "REPEATS x TIMES ... x MUST be a positive integer".
      const { times } = qualifier;
      if (times.kind === 'float') {
        errors.push(
          patternError('qualifier-not-integer', 'a whole number of times', abbreviate(times.text), times),
        );
      } else if (checkNumber(times, errors) && times.value <= 0) {
        errors.push(
          patternError('qualifier-not-positive', 'a positive number of times', abbreviate(times.text), times),
        );
      }
      return;
    }
    case 'start-stop': {
      // 9.7: "All Observations that match a MUST have an observation time >= x and < y"; an
      // interval whose STOP is not after its START can match nothing, so it is refused.
      const start = instant(qualifier.startTime, version, errors);
      const stop = instant(qualifier.stopTime, version, errors);
      if (start !== undefined && stop !== undefined && compareTimestamps(start, stop) >= 0) {
        errors.push(
          patternError(
            'start-not-before-stop',
            'a START timestamp earlier than STOP',
            `START ${start} and STOP ${stop}`,
            qualifier,
          ),
        );
      }
      return;
    }
  }
}

/**
 * The timestamp of a START or STOP operand, or undefined after reporting why there is none.
 * STIX 2.1 writes them as timestamp constants t'...'. STIX 2.0 Part 5 (4.1.1) asked for "a
 * timestamp as defined in section 2.10 of Part 1", which its grammar read as a string constant;
 * with version '2.0' both forms are accepted.
 */
function instant(
  constant: TimestampConstant | StringConstant,
  version: PatternVersion,
  errors: PatternError[],
): string | undefined {
  if (constant.kind === 'string' && version === '2.1') {
    errors.push(
      patternError(
        'constant-type-mismatch',
        "a timestamp constant t'...' (STIX 2.1)",
        `string ${abbreviate(constant.text)}`,
        constant,
      ),
    );
    return undefined;
  }
  if (parseTimestamp(constant.value) === undefined) {
    errors.push(
      patternError(
        'invalid-timestamp',
        'a STIX timestamp such as 2016-06-01T00:00:00Z',
        `'${abbreviate(constant.value)}'`,
        constant,
      ),
    );
    return undefined;
  }
  return constant.value;
}

function checkComparisons(
  expression: ComparisonExpression,
  version: PatternVersion,
  errors: PatternError[],
): void {
  if (expression.kind === 'comparison-combination') {
    for (const operand of expression.operands) checkComparisons(operand, version, errors);
  } else {
    checkComparison(expression, version, errors);
  }
}

function checkComparison(comparison: Comparison, version: PatternVersion, errors: PatternError[]): void {
  checkPath(comparison.path, errors);
  switch (comparison.operator) {
    case 'EXISTS':
      // 9.5: EXISTS was added by STIX 2.1 (cti-stix2 issue 52).
      if (version === '2.0') {
        errors.push(
          patternError(
            'not-in-version',
            'an operator of STIX 2.0 (EXISTS came with STIX 2.1)',
            'EXISTS',
            comparison,
          ),
        );
      }
      return;
    case 'IN': {
      // 9.5: IN takes a set of constants of one type. Integers and floats count as one numeric
      // type, as the cti-pattern-matcher compares them.
      const { elements } = comparison.value;
      for (const element of elements) checkConstant(element, errors);
      const first = elements[0];
      const other = elements.find(
        (element) => first !== undefined && typeGroup(element) !== typeGroup(first),
      );
      if (first !== undefined && other !== undefined) {
        errors.push(
          patternError(
            'mixed-set-types',
            `set elements of one type, like the first (${typeGroup(first)})`,
            `${other.kind} ${abbreviate(other.text)}`,
            other,
          ),
        );
      }
      return;
    }
    case '=':
    case '!=':
      checkConstant(comparison.value, errors);
      return;
    case '<':
    case '<=':
    case '>':
    case '>=':
      // The grammar's propTestOrder takes an orderableLiteral: any constant but a boolean.
      if (comparison.value.kind === 'boolean') {
        mismatch(
          comparison.operator,
          'an orderable constant (number, string, timestamp, hex or binary)',
          comparison.value,
          errors,
        );
      }
      checkConstant(comparison.value, errors);
      return;
    case 'LIKE':
    case 'MATCHES':
    case 'ISSUBSET':
    case 'ISSUPERSET': {
      const { value } = comparison;
      if (value.kind !== 'string') {
        mismatch(comparison.operator, 'a string constant', value, errors);
        checkConstant(value, errors);
        return;
      }
      if (comparison.operator === 'MATCHES') checkRegex(value, errors);
      if (
        (comparison.operator === 'ISSUBSET' || comparison.operator === 'ISSUPERSET') &&
        !isIpAddressOrCidr(value.value)
      ) {
        errors.push(
          patternError(
            'invalid-ip-address',
            `an IPv4 or IPv6 address or CIDR block after ${comparison.operator}`,
            abbreviate(value.text),
            value,
          ),
        );
      }
      return;
    }
  }
}

function checkPath(path: ObjectPath, errors: PatternError[]): void {
  const { objectType } = path;
  if (!OBJECT_TYPE.test(objectType.name)) {
    errors.push(
      patternError(
        'invalid-object-type',
        'an object type of 3 to 250 characters a-z, 0-9 and -',
        `'${abbreviate(objectType.name)}'`,
        objectType,
      ),
    );
  }
}

function checkRegex(constant: StringConstant, errors: PatternError[]): void {
  const problem = findRegexSyntaxError(constant.value);
  if (problem === undefined) return;
  const offsets = sourceOffsets(constant.text, constant.start);
  const start = offsets[problem.start] ?? constant.end;
  const end = Math.max(start, offsets[problem.end] ?? constant.end - 1);
  errors.push(
    patternError(
      'invalid-regex',
      `a PCRE regular expression: ${problem.expected}`,
      abbreviate(problem.found),
      { start, end },
    ),
  );
}

/**
 * Maps each character of a string constant's value to its offset in the pattern: offsets[i] is
 * where value[i] was written (after the quote, past an escaping backslash), offsets[length] the
 * closing quote.
 */
function sourceOffsets(text: string, start: number): number[] {
  const offsets: number[] = [];
  for (let i = 1; i < text.length - 1; i++) {
    if (text[i] === '\\') i++;
    offsets.push(start + i);
  }
  offsets.push(start + text.length - 1);
  return offsets;
}

function checkConstant(constant: Constant, errors: PatternError[]): void {
  switch (constant.kind) {
    case 'integer':
    case 'float':
      checkNumber(constant, errors);
      return;
    case 'timestamp':
      // 9.2: "a STIX timestamp (as specified in section 2.16)": RFC 3339 in UTC, a real date.
      if (parseTimestamp(constant.value) === undefined) {
        errors.push(
          patternError(
            'invalid-timestamp',
            'a STIX timestamp such as 2016-06-01T00:00:00Z',
            abbreviate(constant.text),
            constant,
          ),
        );
      }
      return;
    case 'hex':
      if (!HEX.test(constant.value)) {
        errors.push(
          patternError(
            'invalid-hex',
            'an even number of hex digits 0-9, a-f',
            abbreviate(constant.text),
            constant,
          ),
        );
      }
      return;
    case 'binary':
      if (!BASE64.test(constant.value)) {
        errors.push(
          patternError(
            'invalid-binary',
            'padded base64 (RFC 4648) of at least one byte',
            abbreviate(constant.text),
            constant,
          ),
        );
      }
      return;
    case 'string':
    case 'boolean':
      return;
  }
}

/** Reports an integer outside the STIX range or a float beyond a double; true when it is fine. */
function checkNumber(constant: Constant & { kind: 'integer' | 'float' }, errors: PatternError[]): boolean {
  if (constant.kind === 'integer' && !Number.isSafeInteger(constant.value)) {
    errors.push(patternError('integer-out-of-range', INTEGER_RANGE, abbreviate(constant.text), constant));
    return false;
  }
  if (constant.kind === 'float' && !Number.isFinite(constant.value)) {
    errors.push(
      patternError(
        'float-out-of-range',
        'a float within the range of a 64-bit double',
        abbreviate(constant.text),
        constant,
      ),
    );
    return false;
  }
  return true;
}

function mismatch(operator: string, expected: string, found: Constant, errors: PatternError[]): void {
  errors.push(
    patternError(
      'constant-type-mismatch',
      `${expected} after ${operator}`,
      `${found.kind} ${abbreviate(found.text)}`,
      found,
    ),
  );
}

function typeGroup(constant: Constant): string {
  return constant.kind === 'integer' || constant.kind === 'float' ? 'number' : constant.kind;
}
