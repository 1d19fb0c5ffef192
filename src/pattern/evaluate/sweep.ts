// Plans made of many independent timed parts, as `((A FOLLOWEDBY B) WITHIN 2 SECONDS AND (C
// FOLLOWEDBY D) WITHIN 3 SECONDS) REPEATS 5 TIMES` gives (ten parts of two slots), decided by one
// sweep over the observations in time order. The threshold search (solve.ts) fixes a threshold per
// constraint of every copy, n^(constraints) in the worst case, and its relaxed checks see little
// when the observations only just suffice; here the copies are placed whole, in time order.
//
// A part is a set of slots linked by constraints; different parts share nothing but the
// observation instances they draw from. The sweep applies when every part with constraints is
// windowed: one of its constraints bounds all its slots on both sides (a WITHIN around the whole
// part), so each observation of a copy has first_observed <= last_observed of the copy's earliest
// observation + the WITHIN. Parts of the same shape (brackets, demands, constraints), such as the
// copies of a REPEATS, form a kind: they are interchangeable, so only how many copies of each kind
// are left matters, not which. A slot without constraints is a kind of one-instance copies.
//
// Observations are taken in order of first_observed; each copy is placed at once, at its earliest
// observation (its anchor), on observations from there on. Past a position, what is left to
// decide depends only on the position, the copies left of each kind, and the instances from the
// position on that copies placed behind it already use; those lie within one window of their
// anchors, so the state is small, and a state that failed once is not explored again. Hall's
// condition between the slots of the copies left and the instances left (windows relaxed) cuts
// states that cannot succeed. States are at most N x prod(copies of kind k + 1) x (usage patterns
// of one window), each trying the placements anchored at its position (at most w^units per kind, w the observations in
// a window): polynomial in the number of observations and of copies for windows of bounded
// population. A crowded window makes the usage patterns many: the sweep then stops at its share of
// the work budget and leaves the plan to the threshold search, which is exact as well.

import type { Observation } from '../observation.js';
import { type Assignment, assignmentOf, fits } from './assignment.js';
import type { BracketTable } from './bracket.js';
import type { WorkBudget } from './budget.js';
import type { Plan, Slot } from './plan.js';
import { compareInstants, upperBound } from './sorted-instants.js';
import type { Instant } from './time.js';

/** Instances per copy of a kind at most: the placements of a copy are enumerated, w^units. */
const MAX_UNITS = 6;
/** Different slots over all kinds at most: the relaxed check goes through every set of them. */
const MAX_SLOTS = 10;
/** Observations at most: the sweep recurses twice per position. */
const MAX_POSITIONS = 2_000;
/** The part of the budget left that the sweep may spend before it leaves the plan to solve.ts. */
const SHARE = 0.5;

/** Interchangeable parts of a plan. */
interface Kind {
  /** Slot ids of each copy, in one order common to all copies. */
  copies: number[][];
  /** One entry per instance a copy takes (a slot of demand d takes d): its slot's place in `copies[i]`. */
  units: number[];
  /** The copy's constraints over its units. */
  constraints: Array<{ early: number[]; late: number[]; offset: bigint }>;
  /** Every observation of a copy has first <= last of the copy's earliest + window. */
  window: bigint;
}

/** A copy placed: its kind, and per unit the position of the instance it takes. */
interface Placement {
  kind: number;
  units: Int32Array;
}

/** Thrown through the recursion when the sweep has spent its share. */
class ShareSpent extends Error {}

/**
 * Decides the plan by the sweep: an assignment, undefined when there is none, or 'undecided' when
 * the plan is not made of windowed parts or the sweep would cost more than its share of `budget`.
 */
export function sweepPlan(
  plan: Plan,
  table: BracketTable,
  budget: WorkBudget,
): Assignment | undefined | 'undecided' {
  let kinds = kindsByPlan.get(plan);
  if (kinds === undefined) {
    kinds = kindsOf(plan) ?? null;
    kindsByPlan.set(plan, kinds);
  }
  if (kinds === null) return 'undecided';
  // Counted before the sweep's tables are built for them.
  const positions = positionsOf(plan, table);
  if (positions.length > MAX_POSITIONS) return 'undecided';
  try {
    return new Sweep(plan, kinds, table, budget, positions).run();
  } catch (error) {
    if (error instanceof ShareSpent) return 'undecided';
    throw error;
  }
}

/** Whether the observation at `index` may fill the plan's slot. */
function accepts(plan: Plan, table: BracketTable, index: number, slot: number): boolean {
  return (plan.slots[slot] as Slot).alternatives.some((a) => fits(a, table, index));
}

/** The observations some slot accepts, by first_observed (then input order). */
function positionsOf(plan: Plan, table: BracketTable): number[] {
  return table.observations
    .map((_, index) => index)
    .filter((index) => plan.slots.some((_, s) => accepts(plan, table, index, s)))
    .sort((a, b) => compareInstants(table.first[a] as Instant, table.first[b] as Instant) || a - b);
}

/** Kinds by plan, null where the sweep does not apply: plans are built once per pattern. */
const kindsByPlan = new WeakMap<Plan, Kind[] | null>();

/** The plan's parts grouped into kinds, or undefined when the sweep does not apply. */
function kindsOf(plan: Plan): Kind[] | undefined {
  const byShape = new Map<string, Kind>();
  let timedParts = 0;
  for (const part of partsOf(plan)) {
    const slots = part.map((s) => plan.slots[s] as Slot);
    const constraints = [...new Set(slots.flatMap((slot) => [...slot.early, ...slot.late]))].sort(
      (a, b) => a - b,
    );
    const units = slots.flatMap((slot, i) => new Array<number>(slot.demand).fill(i));
    if (constraints.length === 0) {
      // A slot alone: each instance it takes is a copy of one unit.
      const [slot] = slots as [Slot];
      const kind = kindOfShape(byShape, JSON.stringify(['free', alternativesKey(slot)]), {
        copies: [],
        units: [0],
        constraints: [],
        window: 0n,
      });
      for (let n = 0; n < slot.demand; n++) kind.copies.push(part);
      continue;
    }
    timedParts++;
    if (units.length > MAX_UNITS) return undefined;
    const local = constraints.map((c) => ({
      early: units.flatMap((i, u) => ((slots[i] as Slot).early.includes(c) ? [u] : [])),
      late: units.flatMap((i, u) => ((slots[i] as Slot).late.includes(c) ? [u] : [])),
      offset: plan.constraints[c]?.offset as bigint,
    }));
    // The constraints around the whole copy; the tightest is its window.
    let window: bigint | undefined;
    for (const { early, late, offset } of local) {
      const around = early.length === units.length && late.length === units.length;
      if (around && (window === undefined || offset < window)) window = offset;
    }
    if (window === undefined) return undefined;
    const kind: Kind = { copies: [], units, constraints: local, window };
    const shape = JSON.stringify([
      slots.map((slot) => [
        alternativesKey(slot),
        slot.demand,
        slot.early.map((c) => constraints.indexOf(c)),
        slot.late.map((c) => constraints.indexOf(c)),
      ]),
      local.map((c) => String(c.offset)),
    ]);
    kindOfShape(byShape, shape, kind).copies.push(part);
  }
  const kinds = [...byShape.values()];
  const slots = kinds.reduce((sum, kind) => sum + (kind.copies[0] as number[]).length, 0);
  // One timed part is the threshold search's best case: a threshold per constraint, no copies.
  return timedParts >= 2 && slots <= MAX_SLOTS ? kinds : undefined;
}

/** The kind of this shape met before, or `fresh` as the first of its kind. */
function kindOfShape(byShape: Map<string, Kind>, shape: string, fresh: Kind): Kind {
  const known = byShape.get(shape);
  if (known !== undefined) return known;
  byShape.set(shape, fresh);
  return fresh;
}

/** A slot's alternatives as text; a bracket's source offset names it within its pattern. */
function alternativesKey(slot: Slot): unknown {
  return slot.alternatives.map((a) => [
    a.bracket.start,
    a.windows.map((w) => [String(w.start), String(w.stop)]),
  ]);
}

/** Slots linked by constraints, each part in increasing slot order. */
function partsOf(plan: Plan): number[][] {
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

class Sweep {
  private readonly first: Instant[];
  private readonly last: Instant[];
  private readonly capacity: Int32Array;
  /** Instances per position taken by the copies placed so far. */
  private readonly used: Int32Array;
  /** One past the highest position a placed copy ever used: the state reads no further. */
  private reach = 0;
  /** Copies left to place, per kind. */
  private readonly left: number[];
  private readonly placed: Placement[] = [];
  /** States (stateKey) from which the copies left cannot be placed. */
  private readonly failed = new Set<string>();
  /** Per kind, per place of a slot in a copy: whether the observation at each position fits it. */
  private readonly slotFits: Uint8Array[][];
  /**
   * Per kind, per constraint of a copy, per position: the latest first_observed the constraint
   * allows beside that observation on its late side (last_observed + offset).
   */
  private readonly limit: Instant[][][];
  /** Placements anchored at each position, per kind, computed on first use. */
  private readonly anchored: Array<Map<number, Int32Array[]>>;
  /**
   * For the relaxed check, the slots of all kinds (a slot of kind k standing for that slot in
   * every copy of k): per slot its kind and the instances a copy takes, per position the slots
   * its observation fits as bits.
   */
  private readonly slots: Array<{ kind: number; perCopy: number }> = [];
  private readonly slotMask: Int32Array;
  /**
   * Per set of slots, the instances free from the sweep's position on that fit exactly those
   * slots: kept up to date as copies are placed and positions passed, so that the relaxed check
   * costs the same at any position.
   */
  private readonly freeBySlots: Float64Array;
  /** Scratch for the relaxed check: per set of slots, instances fitting only slots in it. */
  private readonly within: Float64Array;
  /** Scratch for the relaxed check: per set of slots, the instances the copies left need. */
  private readonly needed: Float64Array;
  /** The sweep gives up when the budget's left falls under this. */
  private readonly floor: number;

  constructor(
    private readonly plan: Plan,
    private readonly kinds: readonly Kind[],
    private readonly table: BracketTable,
    private readonly budget: WorkBudget,
    /** Observation index per position: the observations some slot accepts, by first_observed. */
    private readonly positions: readonly number[],
  ) {
    this.first = this.positions.map((index) => table.first[index] as Instant);
    this.last = this.positions.map((index) => table.last[index] as Instant);
    this.capacity = Int32Array.from(
      this.positions,
      (index) => (table.observations[index] as Observation).numberObserved,
    );
    this.used = new Int32Array(this.positions.length);
    this.left = kinds.map((kind) => kind.copies.length);
    this.slotFits = kinds.map((kind) =>
      (kind.copies[0] as number[]).map((slot) =>
        Uint8Array.from(this.positions, (index) => (accepts(plan, table, index, slot) ? 1 : 0)),
      ),
    );
    const limitByOffset = new Map<bigint, Instant[]>();
    this.limit = kinds.map((kind) =>
      kind.constraints.map(({ offset }) => {
        let limit = limitByOffset.get(offset);
        if (limit === undefined) {
          limit = this.last.map((last) => last + offset);
          limitByOffset.set(offset, limit);
        }
        return limit;
      }),
    );
    this.anchored = kinds.map(() => new Map());
    this.slotMask = new Int32Array(this.positions.length);
    kinds.forEach((kind, k) => {
      (kind.copies[0] as number[]).forEach((_, place) => {
        const bit = 1 << this.slots.length;
        this.slots.push({ kind: k, perCopy: kind.units.filter((p) => p === place).length });
        ((this.slotFits[k] as Uint8Array[])[place] as Uint8Array).forEach((fit, q) => {
          if (fit) this.slotMask[q] = (this.slotMask[q] as number) | bit;
        });
      });
    });
    this.freeBySlots = new Float64Array(1 << this.slots.length);
    this.slotMask.forEach((mask, q) => {
      this.freeBySlots[mask] = (this.freeBySlots[mask] as number) + (this.capacity[q] as number);
    });
    this.within = new Float64Array(1 << this.slots.length);
    this.needed = new Float64Array(1 << this.slots.length);
    this.floor = budget.left * (1 - SHARE);
  }

  run(): Assignment | undefined {
    if (!this.from(0)) return undefined;
    const next = this.kinds.map(() => 0);
    const fills: Array<[slot: number, index: number]> = [];
    for (const { kind, units } of this.placed) {
      const { copies, units: places } = this.kinds[kind] as Kind;
      const copy = copies[next[kind] as number] as number[];
      next[kind] = (next[kind] as number) + 1;
      units.forEach((q, u) => {
        fills.push([copy[places[u] as number] as number, this.positions[q] as number]);
      });
    }
    return assignmentOf(this.plan, this.table, fills);
  }

  /** Places the copies left from position p on, the copies behind it being placed. */
  private from(p: number): boolean {
    if (this.left.every((n) => n === 0)) return true;
    if (p === this.positions.length) return false;
    const key = this.stateKey(p);
    if (this.failed.has(key)) return false;
    if (this.coverable() && this.placeAt(p, 0, 0)) return true;
    this.failed.add(key);
    return false;
  }

  /**
   * Places one more copy anchored at p, or moves on to p + 1. The copies anchored at one position
   * are a multiset: they are taken in order of (kind, placement), a placement possibly again.
   */
  private placeAt(p: number, fromKind: number, fromPlacement: number): boolean {
    for (let k = fromKind; k < this.kinds.length; k++) {
      if (this.left[k] === 0) continue;
      const placements = this.placementsAt(k, p);
      for (let i = k === fromKind ? fromPlacement : 0; i < placements.length; i++) {
        const units = placements[i] as Int32Array;
        this.spend(units.length);
        if (!this.free(units)) continue;
        this.take(units, 1);
        this.left[k] = (this.left[k] as number) - 1;
        this.placed.push({ kind: k, units });
        if (this.placeAt(p, k, i)) return true;
        this.placed.pop();
        this.left[k] = (this.left[k] as number) + 1;
        this.take(units, -1);
      }
    }
    // Moving past p: what is left free of it can serve no copy anchored later.
    const passed = (this.capacity[p] as number) - (this.used[p] as number);
    this.addFree(this.slotMask[p] as number, -passed);
    if (this.from(p + 1)) return true;
    this.addFree(this.slotMask[p] as number, passed);
    return false;
  }

  /** Everything the copies from p on depend on. */
  private stateKey(p: number): string {
    this.spend(this.reach - p + 1);
    let key = `${p}|${this.left.join(',')}|`;
    for (let q = p; q < this.reach; q++) if (this.used[q] !== 0) key += `${q}:${this.used[q]},`;
    return key;
  }

  /**
   * Whether the instances from p on could fill the slots of the copies left, windows relaxed: a
   * b-matching, decided by Hall's condition (every set of slots needs no more instances than fit
   * one of them), over all sets since the slots are few.
   */
  private coverable(): boolean {
    const { slots, within, needed } = this;
    const sets = within.length;
    this.spend(sets * (slots.length + 2));
    within.set(this.freeBySlots);
    const total = within.reduce((sum, free) => sum + free, 0);
    // From "fitting exactly the slots of m" to "fitting slots of m only" (sum over subsets).
    for (let s = 0; s < slots.length; s++) {
      for (let m = 0; m < sets; m++) {
        if (m & (1 << s)) within[m] = (within[m] as number) + (within[m ^ (1 << s)] as number);
      }
    }
    for (let m = 1; m < sets; m++) {
      const lowest = 31 - Math.clz32(m & -m);
      const { kind, perCopy } = slots[lowest] as { kind: number; perCopy: number };
      needed[m] = (needed[m & (m - 1)] as number) + perCopy * (this.left[kind] as number);
      // The instances fitting some slot of m: all but those fitting only slots outside it.
      if ((needed[m] as number) > total - (within[(sets - 1) ^ m] as number)) return false;
    }
    return true;
  }

  /** Whether the instances a placement takes are still free. */
  private free(units: Int32Array): boolean {
    return units.every((q) => {
      const taken = units.reduce((n, other) => (other === q ? n + 1 : n), 0);
      return (this.used[q] as number) + taken <= (this.capacity[q] as number);
    });
  }

  private take(units: Int32Array, amount: number): void {
    for (const q of units) {
      this.used[q] = (this.used[q] as number) + amount;
      this.addFree(this.slotMask[q] as number, -amount);
      if (q >= this.reach) this.reach = q + 1;
    }
  }

  private addFree(slots: number, amount: number): void {
    this.freeBySlots[slots] = (this.freeBySlots[slots] as number) + amount;
  }

  /**
   * Every way to place a copy of kind k with its earliest observation at p: one position per unit,
   * p among them, the others after p and within the kind's window, the copy's constraints held.
   * Units of one slot take positions in increasing order, since they are interchangeable.
   */
  private placementsAt(k: number, p: number): Int32Array[] {
    const cache = this.anchored[k] as Map<number, Int32Array[]>;
    const cached = cache.get(p);
    if (cached !== undefined) return cached;
    const kind = this.kinds[k] as Kind;
    const fitsOf = this.slotFits[k] as Uint8Array[];
    const end = upperBound(this.first, (this.last[p] as Instant) + kind.window);
    const chosen = new Int32Array(kind.units.length);
    const placements: Int32Array[] = [];
    let tried = 0;
    const choose = (u: number, atAnchor: boolean): void => {
      if (u === kind.units.length) {
        if (atAnchor) placements.push(chosen.slice());
        return;
      }
      const place = kind.units[u] as number;
      const start = u > 0 && kind.units[u - 1] === place ? (chosen[u - 1] as number) : p;
      const fits = fitsOf[place] as Uint8Array;
      tried += end - start;
      for (let q = start; q < end; q++) {
        if (fits[q] === 0) continue;
        chosen[u] = q;
        if (this.keeps(k, chosen, u)) choose(u + 1, atAnchor || q === p);
      }
    };
    choose(0, false);
    this.spend(tried + placements.length);
    cache.set(p, placements);
    return placements;
  }

  /**
   * Whether unit u of a copy of kind k, just placed, keeps the copy's constraints with the units
   * placed before it. max(first over S) <= min(last over T) + offset holds exactly when every
   * first in S is at most every last in T plus the offset, so pairs are checked as units come.
   */
  private keeps(k: number, chosen: Int32Array, u: number): boolean {
    const { constraints } = this.kinds[k] as Kind;
    const limit = this.limit[k] as Instant[][];
    const first = (v: number) => this.first[chosen[v] as number] as Instant;
    const limitOf = (c: number, v: number) => (limit[c] as Instant[])[chosen[v] as number] as Instant;
    for (let c = 0; c < constraints.length; c++) {
      const { early, late } = constraints[c] as Kind['constraints'][number];
      if (early.includes(u) && late.some((v) => v <= u && first(u) > limitOf(c, v))) return false;
      if (late.includes(u) && early.some((v) => v <= u && first(v) > limitOf(c, u))) return false;
    }
    return true;
  }

  private spend(work: number): void {
    this.budget.spend(work);
    if (this.budget.left < this.floor) throw new ShareSpent();
  }
}
