// What a solved plan says, whichever search solved it: which observations fill which bracket.

import type { ObservationBracket } from '../ast.js';
import type { BracketTable } from './bracket.js';
import type { Alternative, Plan } from './plan.js';
import type { Instant } from './time.js';

/** Which observations (by index, once per instance used) fill which bracket. */
export type Assignment = Array<{ expression: ObservationBracket; indices: number[] }>;

/** Whether the observation at `index` may fill a slot through this alternative. */
export function fits(alternative: Alternative, table: BracketTable, index: number): boolean {
  if (!(table.satisfied.get(alternative.bracket) as Uint8Array)[index]) return false;
  const first = table.first[index] as Instant;
  const last = table.last[index] as Instant;
  // START/STOP: the interval meets [start, stop), touching start counts, touching stop does not.
  return alternative.windows.every((window) => first < window.stop && last >= window.start);
}

/**
 * The assignment for instances given to slots: each `[slot, index]` is one instance of observation
 * `index` filling slot `slot`, credited to the first of the slot's brackets it satisfies.
 */
export function assignmentOf(
  plan: Plan,
  table: BracketTable,
  fills: Iterable<readonly [slot: number, index: number]>,
): Assignment {
  const byBracket = new Map<ObservationBracket, number[]>();
  for (const [slot, index] of fills) {
    const alternatives = plan.slots[slot]?.alternatives ?? [];
    const { bracket } = alternatives.find((a) => fits(a, table, index)) as Alternative;
    const list = byBracket.get(bracket);
    if (list === undefined) byBracket.set(bracket, [index]);
    else list.push(index);
  }
  return [...byBracket].map(([expression, indices]) => ({ expression, indices }));
}

/** Per observation, the plan's slots it may fill (bit s for slot s), ignoring the constraints. */
export function slotMasksOf(plan: Plan, table: BracketTable): bigint[] {
  return table.observations.map((_, index) =>
    plan.slots.reduce(
      (mask, slot, s) =>
        slot.alternatives.some((a) => fits(a, table, index)) ? mask | (1n << BigInt(s)) : mask,
      0n,
    ),
  );
}

/** An assignment found on a subTable (bracket.ts) read on the table: its index i is `indices[i]` there. */
export function readBack(assignment: Assignment, indices: readonly number[]): Assignment {
  return assignment.map(({ expression, indices: used }) => ({
    expression,
    indices: used.map((i) => indices[i] as number),
  }));
}
