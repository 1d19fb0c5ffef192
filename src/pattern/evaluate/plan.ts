// From the observation operators and qualifiers (STIX 2.1 sections 9.6 and 9.7) to "plans": sets
// of slots, each to be filled by distinct observation instances, under time constraints.
//
// - A bracket is a slot of demand 1. An observation with number_observed = n is n instances with
//   the same times (9.7 REPEATS; the reference matcher expands it the same way), and no instance
//   may fill two slots: AND, FOLLOWEDBY and REPEATS bind different observations.
// - OR picks one operand: each operand's plans are alternatives. Operands that are single brackets
//   merge into one slot that any of them may fill, which keeps `([a] OR [b]) REPEATS 10 TIMES` one
//   plan instead of 2^10.
// - START t1 STOP t2 restricts every observation below it to those whose interval
//   [first_observed, last_observed] meets [t1, t2): a window on each slot.
// - WITHIN d bounds the observations below it: latest first_observed <= earliest last_observed + d
//   (there are times within each interval, all within d of one another).
// - A FOLLOWEDBY B: latest first_observed of A's observations <= earliest last_observed of B's
//   (A's observations can all be placed no later than B's). For A FOLLOWEDBY B FOLLOWEDBY C, C is
//   after A and B together, as `(A FOLLOWEDBY B) FOLLOWEDBY C`.
// - REPEATS n is n copies of its operand, each with its own constraints; copies without internal
//   constraints are one slot with n times the demand.
// Both temporal rules have the form max(first over S) <= min(last over T) + offset, a
// "constraint" solve.ts decides.

import type { ObservationBracket, ObservationExpression, Pattern, Qualifier, Span } from '../ast.js';
import { PatternEvaluationError } from './errors.js';
import { durationOf, type Instant, instantOfValid } from './time.js';

/** [start, stop): an observation may fill a slot only if its interval meets this window. */
export interface Window {
  start: Instant;
  stop: Instant;
}

/** One way to fill a slot: satisfy this bracket and lie within these windows. */
export interface Alternative {
  bracket: ObservationBracket;
  windows: Window[];
}

export interface Slot {
  alternatives: Alternative[];
  /** How many distinct instances the slot takes. */
  demand: number;
  /** Constraints in which this slot's first_observed counts on the left side. */
  early: number[];
  /** Constraints in which this slot's last_observed counts on the right side. */
  late: number[];
}

/** max(first over early slots) <= min(last over late slots) + offset. */
export interface Constraint {
  offset: bigint;
  /**
   * Set on the leading constraint of each independent part of each REPEATS copy after the first
   * (orderCopies): the same constraint in the previous copy. Copies are interchangeable, so a
   * search may take their thresholds in order.
   */
  after?: number;
}

export interface Plan {
  slots: Slot[];
  constraints: Constraint[];
}

/** Plans are built eagerly; a pattern that unfolds into more than this is refused. */
const MAX_PLANS = 10_000;

/**
 * `read` of each plan computed once, kept as long as the plan: plans are built once per pattern
 * and evaluated again with every observation a stream sees, and what the solvers read of a plan's
 * shape depends on the plan alone. Undefined (the shape is not the reader's) is kept too.
 */
export function oncePerPlan<T>(read: (plan: Plan) => T | undefined): (plan: Plan) => T | undefined {
  const readings = new WeakMap<Plan, T | null>();
  return (plan) => {
    let reading = readings.get(plan);
    if (reading === undefined) {
      reading = read(plan) ?? null;
      readings.set(plan, reading);
    }
    return reading ?? undefined;
  };
}

/** Plans by pattern: they depend on the tree alone, and building them allocates. */
const plans = new WeakMap<Pattern, Plan[]>();

/** planPattern of the pattern's expression, once per pattern. */
export function patternPlans(pattern: Pattern): Plan[] {
  let planned = plans.get(pattern);
  if (planned === undefined) {
    planned = planPattern(pattern.expression);
    plans.set(pattern, planned);
  }
  return planned;
}

export function planPattern(expression: ObservationExpression): Plan[] {
  return plansOf(expression).map(mergeIdenticalSlots);
}

function plansOf(expression: ObservationExpression): Plan[] {
  switch (expression.kind) {
    case 'observation':
      return [singleSlot(expression)];
    case 'observation-combination': {
      const operands = expression.operands.map(plansOf);
      if (expression.operator === 'OR') return orPlans(operands);
      return product(operands, expression, (parts) =>
        expression.operator === 'AND' ? concatenate(parts) : followedBy(parts),
      );
    }
    case 'qualified': {
      let plans = plansOf(expression.expression);
      for (const qualifier of expression.qualifiers) plans = qualify(plans, qualifier);
      return plans;
    }
  }
}

function singleSlot(bracket: ObservationBracket): Plan {
  return {
    slots: [{ alternatives: [{ bracket, windows: [] }], demand: 1, early: [], late: [] }],
    constraints: [],
  };
}

function isSimple(plan: Plan): boolean {
  return plan.constraints.length === 0 && plan.slots.length === 1 && plan.slots[0]?.demand === 1;
}

function orPlans(operands: Plan[][]): Plan[] {
  const simple: Plan[] = [];
  const other: Plan[] = [];
  for (const plans of operands) {
    if (plans.length === 1 && isSimple(plans[0] as Plan)) simple.push(plans[0] as Plan);
    else other.push(...plans);
  }
  const merged: Plan[] =
    simple.length === 0
      ? []
      : [
          {
            slots: [
              {
                alternatives: simple.flatMap((p) => (p.slots[0] as Slot).alternatives),
                demand: 1,
                early: [],
                late: [],
              },
            ],
            constraints: [],
          },
        ];
  return [...merged, ...other];
}

/** One plan per way of choosing one plan of each operand. */
function product(operands: Plan[][], span: Span, combine: (parts: Plan[]) => Plan): Plan[] {
  let partials: Plan[][] = [[]];
  for (const plans of operands) {
    const next: Plan[][] = [];
    for (const partial of partials) for (const plan of plans) next.push([...partial, plan]);
    partials = next;
    if (partials.length > MAX_PLANS) throw tooManyPlans(span);
  }
  return partials.map(combine);
}

/** Plans side by side: slots and constraints renumbered into one plan. */
function concatenate(parts: Plan[]): Plan {
  const slots: Slot[] = [];
  const constraints: Constraint[] = [];
  for (const part of parts) {
    const shift = constraints.length;
    for (const constraint of part.constraints) {
      constraints.push(
        constraint.after === undefined ? constraint : { ...constraint, after: constraint.after + shift },
      );
    }
    for (const slot of part.slots) {
      slots.push({
        ...slot,
        early: slot.early.map((c) => c + shift),
        late: slot.late.map((c) => c + shift),
      });
    }
  }
  return { slots, constraints };
}

function followedBy(parts: Plan[]): Plan {
  const plan = concatenate(parts);
  let before = 0;
  for (const [index, part] of parts.entries()) {
    if (index > 0) {
      const constraint = plan.constraints.push({ offset: 0n }) - 1;
      for (const slot of plan.slots.slice(0, before)) slot.early.push(constraint);
      for (const slot of plan.slots.slice(before, before + part.slots.length)) slot.late.push(constraint);
    }
    before += part.slots.length;
  }
  return plan;
}

function qualify(plans: Plan[], qualifier: Qualifier): Plan[] {
  switch (qualifier.kind) {
    case 'within': {
      const offset = durationOf(qualifier.seconds);
      return plans.map((plan) => {
        // One sighting is always within any duration of itself (first_observed <= last_observed).
        if (plan.slots.reduce((sum, slot) => sum + slot.demand, 0) === 1) return plan;
        const constraint = plan.constraints.length;
        return {
          constraints: [...plan.constraints, { offset }],
          slots: plan.slots.map((slot) => ({
            ...slot,
            early: [...slot.early, constraint],
            late: [...slot.late, constraint],
          })),
        };
      });
    }
    case 'start-stop': {
      const window = {
        start: instantOfValid(qualifier.startTime.value),
        stop: instantOfValid(qualifier.stopTime.value),
      };
      return plans.map((plan) => ({
        constraints: plan.constraints,
        slots: plan.slots.map((slot) => ({
          ...slot,
          alternatives: slot.alternatives.map((a) => ({ ...a, windows: [...a.windows, window] })),
        })),
      }));
    }
    case 'repeats':
      return repeated(plans, qualifier.times.value, qualifier);
  }
}

/**
 * n copies, each copy choosing any of the operand's plans. Copies are interchangeable, so only
 * how many copies take each plan matters (a multiset), not which.
 */
function repeated(plans: Plan[], times: number, span: Span): Plan[] {
  const result: Plan[] = [];
  const counts = new Array<number>(plans.length).fill(0);
  const choose = (index: number, left: number): void => {
    if (index === plans.length - 1) {
      counts[index] = left;
      result.push(
        orderCopies(
          concatenate(plans.flatMap((plan, i) => copies(plan, counts[i] as number))),
          plans,
          counts,
        ),
      );
      if (result.length > MAX_PLANS) throw tooManyPlans(span);
      return;
    }
    for (let count = left; count >= 0; count--) {
      counts[index] = count;
      choose(index + 1, left - count);
    }
  };
  choose(0, times);
  return result;
}

/**
 * Links each copy's leading constraints to the same constraints of the copy before it: copies are
 * interchangeable, so a search may take their thresholds in order. A copy whose constraints fall
 * into independent parts (`(A AND B) REPEATS n`, A's and B's constraints sharing no slot) has one
 * leading constraint per part, since A's copies and B's copies may be permuted separately. The
 * leading one is the one solve.ts fixes first within its part, the one bounding the most slot
 * sides (ties to the lowest index, as its stable sort does): ordering on it cuts the search most.
 */
function orderCopies(plan: Plan, parts: readonly Plan[], counts: readonly number[]): Plan {
  let next = 0;
  parts.forEach((part, i) => {
    const size = part.constraints.length;
    const count = counts[i] as number;
    if (size === 0 || count === 0) return;
    for (const leading of leadingConstraints(part)) {
      for (let copy = 1; copy < count; copy++) {
        const linked = next + copy * size + leading;
        plan.constraints[linked] = { ...(plan.constraints[linked] as Constraint), after: linked - size };
      }
    }
    next += count * size;
  });
  return plan;
}

/** The leading constraint of each group of constraints linked through shared slots. */
function leadingConstraints(plan: Plan): number[] {
  const reach = constraintReach(plan);
  const group = plan.constraints.map((_, c) => c);
  const root = (c: number): number => {
    while (group[c] !== c) c = group[c] as number;
    return c;
  };
  for (const slot of plan.slots) {
    const touched = [...slot.early, ...slot.late];
    for (const c of touched) group[root(c)] = root(touched[0] as number);
  }
  const leaders = new Map<number, number>();
  plan.constraints.forEach((_, c) => {
    const best = leaders.get(root(c));
    if (best === undefined || (reach[c] as number) > (reach[best] as number)) leaders.set(root(c), c);
  });
  return [...leaders.values()];
}

/**
 * How many slot sides each constraint bounds: solve.ts fixes the constraints that bound more first,
 * and a REPEATS copy is ordered on the one of its part it fixes first.
 */
export function constraintReach(plan: Plan): number[] {
  const reach = plan.constraints.map(() => 0);
  for (const slot of plan.slots) {
    for (const c of [...slot.early, ...slot.late]) reach[c] = (reach[c] as number) + 1;
  }
  return reach;
}

function copies(plan: Plan, count: number): Plan[] {
  if (count === 0) return [];
  if (plan.constraints.length > 0) return new Array<Plan>(count).fill(plan);
  return [{ constraints: [], slots: plan.slots.map((slot) => ({ ...slot, demand: slot.demand * count })) }];
}

function tooManyPlans(span: Span): PatternEvaluationError {
  return new PatternEvaluationError(
    'too-complex',
    `the pattern unfolds into more than ${MAX_PLANS} alternatives (OR under AND, FOLLOWEDBY or REPEATS)`,
    { start: span.start, end: span.end },
  );
}

/**
 * A slot's alternatives as a value to key on: two slots with the same one accept the same
 * observations. A bracket's source offset names it within its pattern.
 */
export function alternativesKey(slot: Slot): unknown {
  return slot.alternatives.map((a) => [
    a.bracket.start,
    a.windows.map((w) => [String(w.start), String(w.stop)]),
  ]);
}

/** Slots that any instance may fill equally (same alternatives, same constraints) become one. */
function mergeIdenticalSlots(plan: Plan): Plan {
  const byKey = new Map<string, Slot>();
  for (const slot of plan.slots) {
    const key = JSON.stringify([
      alternativesKey(slot),
      [...slot.early].sort((a, b) => a - b),
      [...slot.late].sort((a, b) => a - b),
    ]);
    const existing = byKey.get(key);
    if (existing === undefined) byKey.set(key, { ...slot, early: [...slot.early], late: [...slot.late] });
    else existing.demand += slot.demand;
  }
  return { slots: [...byKey.values()], constraints: plan.constraints };
}
