// The one generic engine: applies a Shape (property table, co-constraints, checks) to a JSON
// object and a ValueRule to a JSON value. It knows STIX's data types (section 2) but no object
// type; everything type-specific lives in the rule tables under rules/.

import { isPlainObject } from '../object.js';
import { compareTimestamps, timestampPrecision } from '../timestamp.js';
import { hashAlgorithm } from '../vocabulary.js';
import {
  hasHashFormat,
  hasNameLength,
  identifierType,
  isBase64,
  isDictionaryKey,
  isHex,
  isIdentifier,
  isLanguageTag,
} from './formats.js';
import { acceptsType, describeTarget } from './object-kinds.js';
import { child, type Path } from './report.js';
import type { Constraint, Context, Range, Shape, ValueRule } from './rule-types.js';

// 2.10: integers must fit in a signed 54-bit value.
const MAX_INTEGER = 2 ** 53 - 1;

export function checkShape(value: Record<string, unknown>, shape: Shape, path: Path, context: Context): void {
  const { reporter } = context;
  for (const key of shape.required) {
    if (value[key] === undefined) {
      reporter.report('required-property-missing', child(path, key), `${shape.name} requires ${key}`);
    }
  }
  const { rules } = shape;
  let unknown: string[] | undefined;
  for (const key in value) {
    const rule = rules.get(key);
    if (rule !== undefined) checkProperty(value[key], rule, path, key, context);
    else if (unknown === undefined) unknown = [key];
    else unknown.push(key);
  }
  if (unknown !== undefined && shape.unknownProperties !== undefined) {
    shape.unknownProperties(unknown, value, path, context);
  }
  for (const key of shape.deprecated) {
    if (value[key] !== undefined) {
      reporter.report('deprecated-property', child(path, key), `${key} is deprecated in ${shape.name}`);
    }
  }
  for (const constraint of shape.constraints) checkConstraint(value, constraint, path, context);
  for (const check of shape.checks) check(value, path, context);
}

/**
 * Checks the value at `key` under `parent`. Scalars are checked in place and only allocate their
 * path when they report, since valid content is the common case.
 */
function checkProperty(
  value: unknown,
  rule: ValueRule,
  parent: Path,
  key: string | number,
  context: Context,
): void {
  switch (rule.kind) {
    case 'string':
      if (typeof value === 'string' && rule.format === undefined) return;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return;
      break;
    case 'any':
      return;
    case 'ref':
      if (typeof value === 'string' && isAcceptedReference(value, rule)) return;
      break;
    case 'timestamp':
      if (typeof value === 'string' && rule.precision === undefined && timestampPrecision(value) >= 0) return;
      break;
  }
  checkValue(value, rule, child(parent, key), context);
}

export function checkValue(value: unknown, rule: ValueRule, path: Path, context: Context): void {
  const { reporter } = context;
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') reporter.report('not-a-string', path, 'expected a string');
      else if (rule.format !== undefined && !(rule.format.skipWhenDefanged && context.defanged)) {
        if (!rule.format.test(value))
          reporter.report(rule.format.code, path, `invalid value ${JSON.stringify(value)}`);
      }
      return;
    case 'boolean':
      if (typeof value !== 'boolean') reporter.report('not-a-boolean', path, 'expected true or false');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        reporter.report('not-an-integer', path, 'expected an integer');
      } else if (Math.abs(value) > MAX_INTEGER) {
        reporter.report('integer-too-large', path, `${value} is outside the signed 54-bit range`);
      } else checkRange(value, rule.range, path, context);
      return;
    case 'float':
      if (typeof value !== 'number') reporter.report('not-a-number', path, 'expected a number');
      else checkRange(value, rule.range, path, context);
      return;
    case 'timestamp':
      checkTimestamp(value, rule.precision, path, context);
      return;
    case 'literal':
      if (value !== rule.value) reporter.report(rule.code, path, `expected ${JSON.stringify(rule.value)}`);
      return;
    case 'ref':
      checkReference(value, rule, path, context);
      return;
    case 'list':
      if (!Array.isArray(value)) reporter.report('not-a-list', path, 'expected a list');
      else if (value.length === 0) reporter.report('list-empty', path, 'empty lists are not allowed');
      else for (let i = 0; i < value.length; i++) checkProperty(value[i], rule.of, path, i, context);
      return;
    case 'dictionary':
      checkDictionary(value, rule, path, context);
      return;
    case 'hashes':
      checkHashes(value, path, context);
      return;
    case 'hex':
      if (typeof value !== 'string') reporter.report('not-a-string', path, 'expected a hex string');
      else if (!isHex(value))
        reporter.report('hex-invalid', path, `${JSON.stringify(value)} is not lowercase hex`);
      return;
    case 'binary':
      if (typeof value !== 'string') reporter.report('not-a-string', path, 'expected a base64 string');
      else if (!isBase64(value)) reporter.report('binary-invalid', path, 'not valid base64');
      return;
    case 'lang':
      if (typeof value !== 'string') reporter.report('not-a-string', path, 'expected a language tag');
      else if (!isLanguageTag(value))
        reporter.report('lang-invalid', path, `${JSON.stringify(value)} is not RFC 5646`);
      return;
    case 'vocab':
      if (typeof value !== 'string') reporter.report('not-a-string', path, 'expected a string');
      else if (!rule.vocabulary.values.has(value)) {
        const code = rule.vocabulary.closed ? 'enum-value-invalid' : 'vocab-value-unknown';
        reporter.report(code, path, `${JSON.stringify(value)} is not in ${rule.vocabulary.name}`);
      }
      return;
    case 'object':
      if (!isPlainObject(value))
        reporter.report('not-an-object', path, `expected a ${rule.shape.name} object`);
      else checkShape(value, rule.shape, path, context);
      return;
    case 'reserved':
      reporter.report('reserved-property', path, `${String(path.key)} is reserved and must not be used`);
      return;
    case 'not-applicable':
      reporter.report(
        'property-not-applicable',
        path,
        `${String(path.key)} is not applicable to ${context.root.type}`,
      );
      return;
    case 'any':
      return;
  }
}

function checkRange(value: number, range: Range | undefined, path: Path, context: Context): void {
  if (range === undefined) return;
  const { min, max } = range;
  if (value < min || (max !== undefined && value > max)) {
    const bounds = max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
    context.reporter.report(range.code, path, `${value} is not ${bounds}`);
  }
}

function checkTimestamp(
  value: unknown,
  precision: 'millis' | 'seconds' | undefined,
  path: Path,
  context: Context,
): void {
  const digits = typeof value === 'string' ? timestampPrecision(value) : -1;
  if (digits < 0) {
    context.reporter.report('timestamp-invalid', path, `${JSON.stringify(value)} is not a STIX timestamp`);
  } else if (precision === 'millis' && digits < 3) {
    context.reporter.report(
      'timestamp-precision',
      path,
      `${value as string} has less than millisecond precision`,
    );
  } else if (precision === 'seconds' && digits > 0) {
    context.reporter.report('timestamp-sub-second', path, `${value as string} must be precise to the second`);
  }
}

function isTimestampText(value: unknown): value is string {
  return typeof value === 'string' && timestampPrecision(value) >= 0;
}

/** Valid timestamps of the same length have the same precision, so they compare as plain text. */
function compareValidTimestamps(a: string, b: string): number {
  if (a.length !== b.length) return compareTimestamps(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

type RefRule = Extract<ValueRule, { kind: 'ref' }>;

function isAcceptedReference(value: string, rule: RefRule): boolean {
  return isIdentifier(value) && acceptsType(rule.target, identifierType(value));
}

function checkReference(value: unknown, rule: RefRule, path: Path, context: Context): void {
  if (typeof value !== 'string' || !isIdentifier(value)) {
    context.reporter.report('ref-invalid', path, `${JSON.stringify(value)} is not an identifier`);
    return;
  }
  const type = identifierType(value);
  if (!acceptsType(rule.target, type)) {
    context.reporter.report(
      'ref-type-not-allowed',
      path,
      `must reference ${describeTarget(rule.target)}, not ${type}`,
    );
  }
}

function checkDictionary(
  value: unknown,
  rule: Extract<ValueRule, { kind: 'dictionary' }>,
  path: Path,
  context: Context,
): void {
  const { reporter } = context;
  if (!isPlainObject(value)) {
    reporter.report('not-an-object', path, 'expected a dictionary');
    return;
  }
  let empty = true;
  for (const key in value) {
    empty = false;
    if (rule.langKeys === true) {
      if (!isLanguageTag(key))
        reporter.report('lang-invalid', child(path, key), `key ${key} is not RFC 5646`);
    } else if (!isDictionaryKey(key)) {
      reporter.report(
        'dictionary-key-invalid',
        child(path, key),
        `key ${JSON.stringify(key)} has invalid characters`,
      );
    } else if (key.length > 250) {
      reporter.report('dictionary-key-too-long', child(path, key), 'key longer than 250 characters');
    }
    if (rule.values !== undefined) checkValue(value[key], rule.values, child(path, key), context);
  }
  if (empty) reporter.report('dictionary-empty', path, 'empty dictionaries are not allowed');
}

function checkHashes(value: unknown, path: Path, context: Context): void {
  const { reporter } = context;
  if (!isPlainObject(value)) {
    reporter.report('not-an-object', path, 'expected a hashes dictionary');
    return;
  }
  let empty = true;
  for (const algorithm in value) {
    empty = false;
    const at = child(path, algorithm);
    const hash = value[algorithm];
    if (!isDictionaryKey(algorithm) || !hasNameLength(algorithm)) {
      reporter.report(
        'hashes-key-invalid',
        at,
        `${JSON.stringify(algorithm)} is not a valid hash algorithm name`,
      );
    } else if (!hashAlgorithm.values.has(algorithm)) {
      reporter.report('hash-algorithm-unknown', at, `${algorithm} is not in hash-algorithm-ov`);
    }
    if (typeof hash !== 'string') reporter.report('not-a-string', at, 'hash values are strings');
    else if (!hasHashFormat(algorithm, hash))
      reporter.report('hash-value-invalid', at, `not a ${algorithm} digest`);
  }
  if (empty) reporter.report('dictionary-empty', path, 'empty hashes are not allowed');
}

function checkConstraint(
  value: Record<string, unknown>,
  constraint: Constraint,
  path: Path,
  context: Context,
): void {
  const { reporter } = context;
  switch (constraint.kind) {
    case 'order': {
      const earlier = value[constraint.earlier];
      const later = value[constraint.later];
      if (!isTimestampText(earlier) || !isTimestampText(later)) return;
      const comparison = compareValidTimestamps(later, earlier);
      if (comparison < 0 || (constraint.strict && comparison === 0)) {
        const relation = constraint.strict ? 'later than' : 'at or after';
        reporter.report(
          constraint.code,
          child(path, constraint.later),
          `${constraint.later} must be ${relation} ${constraint.earlier}`,
        );
      }
      return;
    }
    case 'one-of':
      if (constraint.properties.every((key) => value[key] === undefined)) {
        reporter.report(constraint.code, path, `one of ${constraint.properties.join(', ')} is required`);
      }
      return;
    case 'not-both': {
      const [first, second] = constraint.properties;
      if (value[first] !== undefined && value[second] !== undefined) {
        reporter.report(
          constraint.code,
          child(path, second),
          `${first} and ${second} must not both be present`,
        );
      }
      return;
    }
    case 'requires':
      if (
        value[constraint.property] !== undefined &&
        constraint.requires.some((key) => value[key] === undefined)
      ) {
        reporter.report(
          constraint.code,
          child(path, constraint.property),
          `${constraint.property} needs ${constraint.requires.join(' and ')}`,
        );
      }
      return;
    case 'forbidden-when':
      if (value[constraint.property] === constraint.equals && value[constraint.forbids] !== undefined) {
        const condition = `${constraint.property} is ${JSON.stringify(constraint.equals)}`;
        reporter.report(
          constraint.code,
          child(path, constraint.forbids),
          `${constraint.forbids} must be absent when ${condition}`,
        );
      }
      return;
    case 'required-when':
      if (value[constraint.property] === constraint.equals && value[constraint.requires] === undefined) {
        const condition = `${constraint.property} is ${JSON.stringify(constraint.equals)}`;
        reporter.report(
          constraint.code,
          child(path, constraint.requires),
          `${constraint.requires} is required when ${condition}`,
        );
      }
      return;
  }
}
