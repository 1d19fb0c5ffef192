// Comparison operators (STIX 2.1 section 9.5) as predicates on one selected value, built once per
// comparison. The type rules follow the spec's table and the OASIS reference matcher:
// - numbers compare with numbers (integer and float alike); strings with strings, by code point;
//   booleans only for equality with booleans;
// - bytes (`_hex`/`_bin` properties, h'' and b'' constants) compare with bytes, and with a string
//   whose code points are all below 256 (one byte each); any other string is simply unequal;
// - a timestamp constant compares with a string property holding a STIX timestamp, as instants,
//   whatever fractional digits either has; a string that is no timestamp does not compare;
// - any other pairing (null, lists, objects, mismatched types) is not equal and not ordered, so
//   `=`, `<`, ... are false and `!=` is true.
// LIKE and MATCHES apply to strings, NFC-normalized on both sides (9.5), and to bytes: LIKE on
// their UTF-8 text, MATCHES byte by byte when the expression has only code points below 256.
// ISSUBSET / ISSUPERSET apply to strings holding addresses or CIDR blocks.

import type { Comparison, Constant } from '../ast.js';
import {
  Bytes,
  bytesFromBase64,
  bytesFromHex,
  compareBytes,
  latin1Bytes,
  latin1String,
  utf8String,
} from './bytes.js';
import { blockContains, parseBlock } from './cidr.js';
import { likeTest } from './like.js';
import { compileMatches, searchCache, searches } from './regex.js';
import { type Instant, instantOf, instantOfValid } from './time.js';

export type ValuePredicate = (value: unknown) => boolean;

/** A constant as values are compared with it. */
type Operand =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'timestamp'; value: Instant }
  | { kind: 'bytes'; value: Uint8Array };

/**
 * The predicate a comparison applies to each selected value, before NOT. EXISTS has none: it looks
 * at whether anything was selected at all (bracket.ts).
 */
function valuePredicate(comparison: Comparison): ValuePredicate | undefined {
  switch (comparison.operator) {
    case 'EXISTS':
      return undefined;
    case 'IN': {
      const operands = comparison.value.elements.map(operandOf);
      return (value) => operands.some((operand) => equals(value, operand));
    }
    case '=': {
      const operand = operandOf(comparison.value);
      return (value) => equals(value, operand);
    }
    case '!=': {
      const operand = operandOf(comparison.value);
      return (value) => !equals(value, operand);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const operand = operandOf(comparison.value);
      const holds = ORDER_TESTS[comparison.operator];
      return (value) => {
        const order = compare(value, operand);
        return order !== undefined && holds(order);
      };
    }
    case 'LIKE':
      return likePredicate(stringConstant(comparison.value));
    case 'MATCHES':
      return matchesPredicate(stringConstant(comparison.value), comparison.value);
    case 'ISSUBSET': {
      const outer = parseBlock(stringConstant(comparison.value));
      return (value) => {
        const inner = typeof value === 'string' ? parseBlock(value) : undefined;
        return outer !== undefined && inner !== undefined && blockContains(outer, inner);
      };
    }
    case 'ISSUPERSET': {
      const inner = parseBlock(stringConstant(comparison.value));
      return (value) => {
        const outer = typeof value === 'string' ? parseBlock(value) : undefined;
        return outer !== undefined && inner !== undefined && blockContains(outer, inner);
      };
    }
  }
}

/** Built predicates by comparison node: a pattern's tree is evaluated many times, and a LIKE or
 * MATCHES predicate costs microseconds to build. Keyed weakly, so they go with their trees. */
const predicates = new WeakMap<Comparison, ValuePredicate>();

/**
 * valuePredicate, built once per comparison node. A comparison whose predicate cannot be built
 * (a rejected MATCHES) is not kept, so every evaluation reports it again.
 */
export function predicateOf(comparison: Comparison): ValuePredicate | undefined {
  if (comparison.operator === 'EXISTS') return undefined;
  let predicate = predicates.get(comparison);
  if (predicate === undefined) {
    predicate = valuePredicate(comparison) as ValuePredicate;
    predicates.set(comparison, predicate);
  }
  return predicate;
}

const ORDER_TESTS: Record<'<' | '<=' | '>' | '>=', (order: number) => boolean> = {
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

/** LIKE, MATCHES, ISSUBSET and ISSUPERSET take a string constant (check.ts enforces it). */
function stringConstant(constant: Constant): string {
  return constant.kind === 'string' ? constant.value : constant.text;
}

function operandOf(constant: Constant): Operand {
  switch (constant.kind) {
    case 'string':
      return { kind: 'string', value: constant.value };
    case 'integer':
    case 'float':
      return { kind: 'number', value: constant.value };
    case 'boolean':
      return { kind: 'boolean', value: constant.value };
    case 'timestamp':
      return { kind: 'timestamp', value: instantOfValid(constant.value) };
    case 'hex':
      return { kind: 'bytes', value: (bytesFromHex(constant.value) as Bytes).data };
    case 'binary':
      return { kind: 'bytes', value: (bytesFromBase64(constant.value) as Bytes).data };
  }
}

function equals(value: unknown, operand: Operand): boolean {
  switch (operand.kind) {
    case 'number':
      return typeof value === 'number' && value === operand.value;
    case 'boolean':
      return typeof value === 'boolean' && value === operand.value;
    default:
      return compare(value, operand) === 0;
  }
}

/** The order of value against the operand, or undefined when they do not compare. */
function compare(value: unknown, operand: Operand): number | undefined {
  switch (operand.kind) {
    case 'number':
      return typeof value === 'number' ? Math.sign(value - operand.value) : undefined;
    case 'boolean':
      return undefined;
    case 'string':
      if (typeof value === 'string') return compareCodePoints(value, operand.value);
      if (value instanceof Bytes) {
        const bytes = latin1Bytes(operand.value);
        return bytes === undefined ? undefined : compareBytes(value.data, bytes);
      }
      return undefined;
    case 'timestamp': {
      const instant = typeof value === 'string' ? instantOf(value) : undefined;
      if (instant === undefined) return undefined;
      return instant < operand.value ? -1 : instant > operand.value ? 1 : 0;
    }
    case 'bytes': {
      if (value instanceof Bytes) return compareBytes(value.data, operand.value);
      const bytes = typeof value === 'string' ? latin1Bytes(value) : undefined;
      return bytes === undefined ? undefined : compareBytes(bytes, operand.value);
    }
  }
}

/**
 * Strings order by code point (as the reference matcher's Python does), not by UTF-16 code unit:
 * the two differ only where a surrogate meets a code unit from U+E000 to U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) < codePointRank(y) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

function likePredicate(pattern: string): ValuePredicate {
  const test = likeTest(pattern);
  return (value) => {
    const text = value instanceof Bytes ? utf8String(value) : typeof value === 'string' ? value : undefined;
    return text !== undefined && test(text.normalize('NFC'));
  };
}

function matchesPredicate(source: string, constant: Constant): ValuePredicate {
  const regex = compileMatches(source, constant);
  const runsOnBytes = latin1Bytes(source.normalize('NFC')) !== undefined;
  return (value) => {
    if (typeof value === 'string') return searchCache.searches(regex, value);
    if (value instanceof Bytes) return runsOnBytes && searches(regex, latin1String(value));
    return false;
  };
}
