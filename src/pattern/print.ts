// Prints a pattern tree as canonical STIX pattern text: one space around operators, keywords in
// upper case, `=` and `!=` for the operators that also have the spellings `==` and `<>`, only the
// parentheses the tree needs, names quoted only when they must be, and each constant in one form.
// parsePattern(printPattern(p)) gives p back, offsets and constants' source text aside.

import type {
  Comparison,
  ComparisonExpression,
  Constant,
  ObjectPath,
  ObservationExpression,
  Pattern,
  Qualifier,
  SetConstant,
} from './ast.js';
import { KEYWORDS } from './keywords.js';

export function printPattern(pattern: Pattern): string {
  return printObservation(pattern.expression);
}

// Binding strength, loosest first (9.6, 9.7): FOLLOWEDBY < OR < AND < qualifiers < [...].
const OBSERVATION_STRENGTH = { FOLLOWEDBY: 0, OR: 1, AND: 2, qualified: 3, observation: 4 };
// Inside brackets (9.5): OR < AND < a single comparison.
const COMPARISON_STRENGTH = { OR: 0, AND: 1, comparison: 2 };

function observationStrength(expression: ObservationExpression): number {
  return expression.kind === 'observation-combination'
    ? OBSERVATION_STRENGTH[expression.operator]
    : OBSERVATION_STRENGTH[expression.kind];
}

function printObservation(expression: ObservationExpression): string {
  switch (expression.kind) {
    case 'observation':
      return `[${printComparisons(expression.comparison)}]`;
    case 'observation-combination': {
      // An operand as loose as the operator itself was parenthesized in the source: an unbroken
      // chain of one operator is a single node.
      const strength = OBSERVATION_STRENGTH[expression.operator];
      return expression.operands
        .map((operand) => parenthesizeIf(observationStrength(operand) <= strength, printObservation(operand)))
        .join(` ${expression.operator} `);
    }
    case 'qualified': {
      const inner = printObservation(expression.expression);
      const operand = parenthesizeIf(expression.expression.kind !== 'observation', inner);
      return [operand, ...expression.qualifiers.map(printQualifier)].join(' ');
    }
  }
}

function printQualifier(qualifier: Qualifier): string {
  switch (qualifier.kind) {
    case 'within':
      return `WITHIN ${printConstant(qualifier.seconds)} SECONDS`;
    case 'repeats':
      return `REPEATS ${printConstant(qualifier.times)} TIMES`;
    case 'start-stop':
      return `START ${printConstant(qualifier.startTime)} STOP ${printConstant(qualifier.stopTime)}`;
  }
}

function printComparisons(expression: ComparisonExpression): string {
  if (expression.kind === 'comparison') return printComparison(expression);
  const strength = COMPARISON_STRENGTH[expression.operator];
  return expression.operands
    .map((operand) => {
      const operandStrength =
        operand.kind === 'comparison'
          ? COMPARISON_STRENGTH.comparison
          : COMPARISON_STRENGTH[operand.operator];
      return parenthesizeIf(operandStrength <= strength, printComparisons(operand));
    })
    .join(` ${expression.operator} `);
}

function printComparison(comparison: Comparison): string {
  const not = comparison.negated ? 'NOT ' : '';
  const path = printPath(comparison.path);
  switch (comparison.operator) {
    case 'EXISTS':
      return `${not}EXISTS ${path}`;
    case 'IN':
      return `${path} ${not}IN ${printSet(comparison.value)}`;
    default:
      return `${path} ${not}${comparison.operator} ${printConstant(comparison.value)}`;
  }
}

// A bare name is the grammar's IdentifierWithoutHyphen that is not a keyword; anything else is
// written as a string constant, which both STIX 2.0 and 2.1 read.
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function printPath(path: ObjectPath): string {
  let text = `${path.objectType.name}:`;
  for (const [i, step] of path.steps.entries()) {
    switch (step.kind) {
      case 'property': {
        const name =
          BARE_NAME.test(step.name) && !KEYWORDS.has(step.name) ? step.name : printString(step.name);
        text += i === 0 ? name : `.${name}`;
        break;
      }
      case 'index':
        text += `[${step.index}]`;
        break;
      case 'any-index':
        text += '[*]';
        break;
    }
  }
  return text;
}

function printSet(set: SetConstant): string {
  return `(${set.elements.map(printConstant).join(', ')})`;
}

function printConstant(constant: Constant): string {
  switch (constant.kind) {
    case 'string':
      return printString(constant.value);
    case 'integer':
      return String(constant.value);
    case 'float':
      return printFloat(constant.value);
    case 'boolean':
      return String(constant.value);
    case 'timestamp':
      return `t'${constant.value}'`;
    case 'hex':
      return `h'${constant.value}'`;
    case 'binary':
      return `b'${constant.value}'`;
  }
}

/** 9.2: inside a string constant only ' and \ are escaped, as \' and \\. */
export function printString(value: string): string {
  return `'${value.replace(/[\\']/g, (ch) => `\\${ch}`)}'`;
}

/**
 * The shortest decimal that reads back as the same double, in the grammar's float form
 * [-]digits.digits: no exponent, at least one digit on each side of the point.
 */
export function printFloat(value: number): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const [mantissa = '', exponentText] = String(Math.abs(value)).split('e');
  if (exponentText === undefined) return sign + (mantissa.includes('.') ? mantissa : `${mantissa}.0`);
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (point === -1 ? mantissa.length : point) + Number(exponentText);
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}.0`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

function parenthesizeIf(condition: boolean, text: string): string {
  return condition ? `(${text})` : text;
}
