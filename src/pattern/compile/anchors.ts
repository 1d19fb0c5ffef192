// Anchors: for each pattern, a disjunction of index probes of which at least one must hit for the
// pattern to match an observation. The index only has to be a superset of the matches (the
// evaluator confirms every candidate), so every rule here may over-approximate but never drop:
//
//   comparison   `=` or `IN` on string constants: a probe per value (a constant shaped as an
//                address or block goes to the PrefixTable, which finds it as text too);
//                `ISSUBSET` an address block: a prefix probe; `MATCHES` and `LIKE` whose every
//                match holds one of a few literals (required-literals.ts): a literal probe; any
//                other comparison, negated ones included, holds only for a root object of its
//                type (../evaluate/bracket.ts): a type probe. A `_hex`/`_bin` property is compared
//                as bytes, not text: type probe.
//   AND          the cheapest side: every side must hold.
//   OR           the union of the sides' probes.
//   observation  `[...]` its comparison's anchor; an observation OR is the union, AND and
//   expressions  FOLLOWEDBY the cheapest side, a qualified expression its inner one's.

import type { Comparison, ComparisonExpression, ObjectPath, ObservationExpression } from '../ast.js';
import { IpPrefix, readIpPrefix } from './ip-prefix.js';
import { likeRequiredLiterals, type RequiredLiterals, regexRequiredLiterals } from './required-literals.js';

/** One property step of an indexed path: a hash algorithm name is folded, list indexes dropped. */
export interface IndexedStep {
  name: string;
  /** The step names a `_ref` or `_refs` property whose objects the next step applies to. */
  follow: boolean;
}

export type Probe =
  | { kind: 'value'; type: string; steps: readonly IndexedStep[]; value: string }
  | { kind: 'prefix'; type: string; steps: readonly IndexedStep[]; block: string }
  | { kind: 'literal'; type: string; steps: readonly IndexedStep[]; required: RequiredLiterals }
  | { kind: 'type'; type: string };

/** At least one probe hits for every observation the expression matches. */
export type Anchor = readonly Probe[];

// How much a probe lets through, to pick among the sides of an AND: a value probe names a few
// observations, a literal probe those whose value holds some text (the shorter the text, and the
// more texts, the more), a type probe every observation holding that type.
const VALUE_COST = 1;
const LITERAL_COST = 30;
const TYPE_COST = 1000;
/** Literals this long or longer count as equally selective. */
const LONG_LITERAL = 8;

function literalCost(required: RequiredLiterals): number {
  // Values of a length alone: every value that short, whatever it holds.
  if (required.literals.length === 0) return LITERAL_COST + LONG_LITERAL + (required.shortValues ?? 0);
  let shortest = LONG_LITERAL;
  for (const literal of required.literals) shortest = Math.min(shortest, literal.length);
  const extra = required.literals.length - 1 + (required.shortValues === undefined ? 0 : 1);
  return LITERAL_COST + (LONG_LITERAL - shortest) + extra;
}

export function observationAnchor(expression: ObservationExpression): Anchor {
  switch (expression.kind) {
    case 'observation':
      return comparisonAnchor(expression.comparison);
    case 'qualified':
      return observationAnchor(expression.expression);
    case 'observation-combination': {
      const sides = expression.operands.map(observationAnchor);
      return expression.operator === 'OR' ? union(sides) : cheapest(sides);
    }
  }
}

export function comparisonAnchor(expression: ComparisonExpression): Anchor {
  if (expression.kind === 'comparison') return singleComparisonAnchor(expression);
  const sides = expression.operands.map(comparisonAnchor);
  return expression.operator === 'OR' ? union(sides) : cheapest(sides);
}

function anchorCost(anchor: Anchor): number {
  let cost = 0;
  for (const probe of anchor)
    cost +=
      probe.kind === 'type' ? TYPE_COST : probe.kind === 'literal' ? literalCost(probe.required) : VALUE_COST;
  return cost;
}

function union(sides: Anchor[]): Anchor {
  return sides.flat();
}

/** Sides are never empty: the grammar gives every operator at least two operands. */
function cheapest(sides: Anchor[]): Anchor {
  let best = sides[0] as Anchor;
  for (const side of sides) if (anchorCost(side) < anchorCost(best)) best = side;
  return best;
}

const scratch = new IpPrefix();

function singleComparisonAnchor(comparison: Comparison): Anchor {
  const type = comparison.path.objectType.name;
  const typeProbe: Probe[] = [{ kind: 'type', type }];
  if (comparison.negated || comparedAsBytes(comparison.path)) return typeProbe;
  switch (comparison.operator) {
    case '=':
      return comparison.value.kind === 'string'
        ? [valueProbe(comparison.path, comparison.value.value)]
        : typeProbe;
    case 'IN': {
      const { elements } = comparison.value;
      if (elements.length === 0) return typeProbe;
      const probes: Probe[] = [];
      for (const element of elements) {
        if (element.kind !== 'string') return typeProbe;
        probes.push(valueProbe(comparison.path, element.value));
      }
      return probes;
    }
    case 'ISSUBSET':
      return comparison.value.kind === 'string' && readIpPrefix(comparison.value.value, scratch)
        ? [{ kind: 'prefix', type, steps: indexedSteps(comparison.path), block: comparison.value.value }]
        : typeProbe;
    case 'MATCHES':
    case 'LIKE': {
      if (comparison.value.kind !== 'string') return typeProbe;
      const text = comparison.value.value;
      const required =
        comparison.operator === 'MATCHES' ? regexRequiredLiterals(text) : likeRequiredLiterals(text);
      return required === undefined
        ? typeProbe
        : [{ kind: 'literal', type, steps: indexedSteps(comparison.path), required }];
    }
    default:
      return typeProbe;
  }
}

function comparedAsBytes(path: ObjectPath): boolean {
  const last = path.steps.findLast((step) => step.kind === 'property');
  return last !== undefined && (last.name.endsWith('_hex') || last.name.endsWith('_bin'));
}

function valueProbe(path: ObjectPath, value: string): Probe {
  const type = path.objectType.name;
  const steps = indexedSteps(path);
  return readIpPrefix(value, scratch)
    ? { kind: 'prefix', type, steps, block: value }
    : { kind: 'value', type, steps, value };
}

export function indexedSteps(path: ObjectPath): IndexedStep[] {
  const steps: IndexedStep[] = [];
  let previous: string | undefined;
  for (const step of path.steps) {
    if (step.kind !== 'property') continue;
    const name = previous === 'hashes' ? foldHashAlgorithm(step.name) : step.name;
    steps.push({ name, follow: step.reference !== 'none' });
    previous = step.name;
  }
  return steps;
}

/**
 * The canonical name of a hash algorithm, a key of a `hashes` dictionary: upper case without
 * separators, so `'SHA-256'`, `SHA256` and `sha_256` meet (STIX 2.1 section 10.7 names them
 * `SHA-256`; producers spell them every way). The evaluator reads keys as written: merging
 * spellings only adds candidates.
 */
export function foldHashAlgorithm(name: string): string {
  return name.toUpperCase().replace(/[-_ ]/g, '');
}
