// Which plans sweep.ts takes, and their parts grouped into kinds: interchangeable copies of one
// shape (brackets, demands, constraints), such as the copies of a REPEATS. A part is a set of slots
// linked by constraints. A timed part is taken when a WITHIN bounds all the slots it places (its
// units); slots outside it that only follow the units are tails, slots that only lead them heads
// (edge-supply.ts counts both), and a chain's middle past the tail is chain-sweep.ts's. A slot
// without constraints is a kind of one-instance copies. The recognition depends on the plan
// alone, so it is done once per plan.

import { middleOf } from './chain-sweep.js';
import { alternativesKey, oncePerPlan, type Plan, type Slot } from './plan.js';

/** Instances per copy of a kind at most: the placements of a copy are enumerated, w^units. */
const MAX_UNITS = 6;
/** Different slots over all kinds at most: the relaxed check goes through every set of them. */
export const MAX_SLOTS = 10;

/** Interchangeable parts of a plan. */
export interface Kind {
  /** Slot ids of each copy, in one order common to all copies. */
  copies: number[][];
  /**
   * One entry per instance a copy places (a slot of demand d takes d): its slot's place in
   * `copies[i]`. Tails are not among them.
   */
  units: number[];
  /** The copy's constraints over its units. */
  constraints: Array<{ early: number[]; late: number[]; offset: bigint }>;
  /** Every unit of a copy has first <= last of the copy's earliest unit + window. */
  window: bigint;
  tails: Edge[];
  heads: Edge[];
  /**
   * The place of its chain's middle bracket, outside the window, between the units and the
   * chained tails (chain-sweep.ts); undefined when the copy has none.
   */
  middle?: number;
}

/**
 * A slot of a copy on no constraint's early side (a tail: bounded only from below, by the units)
 * or on no late side (a head: bounded only from above).
 */
export interface Edge {
  /** Its place in `copies[i]`. */
  place: number;
  demand: number;
  /** Per constraint it is on: the units on the other side, and the offset. */
  bounds: Array<{ units: number[]; offset: bigint }>;
  /** A tail after the copy's middle: its threshold is the middle's time, known once it is taken. */
  chained: boolean;
}

/** A plan the sweep decides: as it is, or mirrored (read with mirrored times). */
export interface Sweepable {
  plan: Plan;
  kinds: Kind[];
  mirrored: boolean;
}

/** The plan as the sweep reads it, or undefined when the sweep does not apply; once per plan. */
export const sweepableOf = oncePerPlan(readSweepable);

/**
 * A part led by a slot bounded only from above, as the `[c]` of `[c] FOLLOWEDBY ((a FOLLOWEDBY b)
 * WITHIN 2 SECONDS)`, has a tail once time runs backwards. With first' = -last and last' = -first,
 * max(first over S) <= min(last over T) + offset (every first in S at most every last in T plus
 * the offset) reads max(first' over T) <= min(last' over S) + offset: the same plan with each
 * constraint's sides swapped, over mirrored times, has the same solutions. Plans with tails on
 * some parts and heads on others are swept forwards, heads counted as edge-supply.ts says; only
 * then, since a head's classes of slack are many while the sweep is young.
 */
function readSweepable(plan: Plan): Sweepable | undefined {
  const kinds = kindsOf(plan, false);
  if (kinds !== undefined) return { plan, kinds, mirrored: false };
  const mirror: Plan = {
    slots: plan.slots.map((slot) => ({ ...slot, early: slot.late, late: slot.early })),
    constraints: plan.constraints,
  };
  const mirroredKinds = kindsOf(mirror, false);
  if (mirroredKinds !== undefined) return { plan: mirror, kinds: mirroredKinds, mirrored: true };
  const mixedKinds = kindsOf(plan, true);
  return mixedKinds === undefined ? undefined : { plan, kinds: mixedKinds, mirrored: false };
}

/**
 * The plan's parts grouped into kinds, or undefined when the sweep does not apply. Parts are led
 * by heads only `withHeads`, and only where they cannot be read with tails.
 */
function kindsOf(plan: Plan, withHeads: boolean): Kind[] | undefined {
  const byShape = new Map<string, Kind>();
  let timedParts = 0;
  for (const part of partsOf(plan)) {
    const slots = part.map((s) => plan.slots[s] as Slot);
    const constraints = [...new Set(slots.flatMap((slot) => [...slot.early, ...slot.late]))].sort(
      (a, b) => a - b,
    );
    if (constraints.length === 0) {
      // A slot alone: each instance it takes is a copy of one unit.
      const [slot] = slots as [Slot];
      const kind = kindOfShape(byShape, JSON.stringify(['free', alternativesKey(slot)]), {
        copies: [],
        units: [0],
        constraints: [],
        window: 0n,
        tails: [],
        heads: [],
      });
      for (let n = 0; n < slot.demand; n++) kind.copies.push(part);
      continue;
    }
    timedParts++;
    const kind =
      timedKindOf(plan, slots, constraints, false) ??
      (withHeads ? timedKindOf(plan, slots, constraints, true) : undefined);
    if (kind === undefined) return undefined;
    const shape = JSON.stringify([
      slots.map((slot) => [
        alternativesKey(slot),
        slot.demand,
        slot.early.map((c) => constraints.indexOf(c)),
        slot.late.map((c) => constraints.indexOf(c)),
      ]),
      kind.constraints.map((c) => String(c.offset)),
    ]);
    kindOfShape(byShape, shape, kind).copies.push(part);
  }
  const kinds = [...byShape.values()];
  // One timed part is the threshold search's best case: a threshold per constraint, no copies.
  return timedParts >= 2 && placedSlots(kinds) <= MAX_SLOTS ? kinds : undefined;
}

/**
 * A timed part's kind, its slots outside the units' WITHIN taken as tails, or as heads when
 * `led`; undefined when the units have no WITHIN around them all or are too many.
 */
function timedKindOf(
  plan: Plan,
  slots: readonly Slot[],
  constraints: readonly number[],
  led: boolean,
): Kind | undefined {
  // Slots on no early side are tails, or those on no late side heads when `led` (edge-supply.ts);
  // the others are placed as units.
  const isTail = slots.map((slot) => !led && slot.early.length === 0);
  const isHead = slots.map((slot) => led && slot.late.length === 0);
  const middle = led ? undefined : middleOf(plan, slots, isTail);
  if (middle === null) return undefined;
  const units = slots.flatMap((slot, i) =>
    isTail[i] || isHead[i] || i === middle?.index ? [] : new Array<number>(slot.demand).fill(i),
  );
  if (units.length === 0 || units.length > MAX_UNITS) return undefined;
  const local = constraints.map((c) => ({
    early: units.flatMap((i, u) => ((slots[i] as Slot).early.includes(c) ? [u] : [])),
    late: units.flatMap((i, u) => ((slots[i] as Slot).late.includes(c) ? [u] : [])),
    offset: plan.constraints[c]?.offset as bigint,
  }));
  // The constraints around all the units; the tightest is the window. One unit is its own.
  let window: bigint | undefined = units.length === 1 ? 0n : undefined;
  for (const { early, late, offset } of local) {
    const around = early.length === units.length && late.length === units.length;
    if (around && (window === undefined || offset < window)) window = offset;
  }
  if (window === undefined) return undefined;
  const edges = (edge: boolean[], side: (slot: Slot) => number[], other: 'early' | 'late'): Edge[] =>
    slots.flatMap((slot, place) =>
      edge[place]
        ? [
            {
              place,
              demand: slot.demand,
              chained: middle?.chained[place] === true,
              bounds: side(slot).map((c) => {
                const constraint = local[constraints.indexOf(c)] as Kind['constraints'][number];
                return { units: constraint[other], offset: constraint.offset };
              }),
            },
          ]
        : [],
    );
  const tails = edges(isTail, (slot) => slot.late, 'early');
  const heads = edges(isHead, (slot) => slot.early, 'late');
  return { copies: [], units, constraints: local, window, tails, heads, middle: middle?.index };
}

/**
 * The slots of the kinds that the sweep places (tails aside): one of each place in a copy, and the
 * middle of a chain.
 */
export function placedSlots(kinds: readonly Kind[]): number {
  return kinds.reduce((sum, kind) => sum + new Set(kind.units).size + (kind.middle === undefined ? 0 : 1), 0);
}

/** The kind of this shape met before, or `fresh` as the first of its kind. */
function kindOfShape(byShape: Map<string, Kind>, shape: string, fresh: Kind): Kind {
  const known = byShape.get(shape);
  if (known !== undefined) return known;
  byShape.set(shape, fresh);
  return fresh;
}

/** Slots linked by constraints, each part in increasing slot order. */
export function partsOf(plan: Plan): number[][] {
  const parent = plan.slots.map((_, s) => s);
  const root = (s: number): number => {
    while (parent[s] !== s) s = parent[s] as number;
    return s;
  };
  const slotOf = new Map<number, number>();
  plan.slots.forEach((slot, s) => {
    for (const c of [...slot.early, ...slot.late]) {
      const other = slotOf.get(c);
      if (other === undefined) slotOf.set(c, s);
      else parent[root(s)] = root(other);
    }
  });
  const parts = new Map<number, number[]>();
  plan.slots.forEach((_, s) => {
    const list = parts.get(root(s));
    if (list === undefined) parts.set(root(s), [s]);
    else list.push(s);
  });
  return [...parts.values()];
}
