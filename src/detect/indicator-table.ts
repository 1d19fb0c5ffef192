// What the detector remembers of each indicator it was given, without a heap object or string per
// indicator: ids as UTF-8 in an arena, found through an open-addressing table, and the numbers that
// detection and version ordering need in typed columns. A million loaded indicators then cost the
// garbage collector a few large buffers instead of a million parsed objects to trace; the
// object itself is read back from the store when one of them matches, which is rare.

import { IdTable } from '../pattern/compile/id-table.js';
import { grow, TextArena } from '../pattern/compile/text-arena.js';

/** Not run by any engine (revoked, or a version the engine refused); its version is still ordered. */
export const HELD = 0;
/** Run by the CompiledSet (one observation). */
export const SINGLE = 1;
/** Run by the StreamMatcher (several observations or qualifiers). */
export const TEMPORAL = 2;
export type RowState = typeof HELD | typeof SINGLE | typeof TEMPORAL;

export class IndicatorTable {
  private readonly arena = new TextArena();
  private idHandle = new Uint32Array(1024);
  private readonly rows = new IdTable((row) => this.arena.get(this.idHandle[row] as number));
  /** Microseconds since the epoch (a double holds them exactly until the year 2255). */
  private versionOf: Float64Array = new Float64Array(1024);
  private validFromOf: Float64Array = new Float64Array(1024);
  private validUntilOf: Float64Array = new Float64Array(1024);
  private stateOf: Uint8Array = new Uint8Array(1024);
  private used = 0;
  private readonly freeRows: number[] = [];

  find(id: string): number | undefined {
    return this.rows.get(id);
  }

  /** A new row for an id not in the table. */
  add(id: string): number {
    const row = this.freeRows.pop() ?? this.newRow();
    this.idHandle[row] = this.arena.append(id);
    this.rows.set(id, row);
    return row;
  }

  delete(id: string, row: number): void {
    this.rows.delete(id);
    this.arena.release(this.idHandle[row] as number);
    this.stateOf[row] = HELD;
    this.freeRows.push(row);
  }

  set(row: number, state: RowState, version: number, validFrom: number, validUntil: number): void {
    this.stateOf[row] = state;
    this.versionOf[row] = version;
    this.validFromOf[row] = validFrom;
    this.validUntilOf[row] = validUntil;
  }

  state(row: number): RowState {
    return this.stateOf[row] as RowState;
  }

  version(row: number): number {
    return this.versionOf[row] as number;
  }

  validFrom(row: number): number {
    return this.validFromOf[row] as number;
  }

  validUntil(row: number): number {
    return this.validUntilOf[row] as number;
  }

  private newRow(): number {
    if (this.used === this.stateOf.length) {
      this.idHandle = grow(this.idHandle);
      this.versionOf = grow(this.versionOf);
      this.validFromOf = grow(this.validFromOf);
      this.validUntilOf = grow(this.validUntilOf);
      this.stateOf = grow(this.stateOf);
    }
    return this.used++;
  }
}
