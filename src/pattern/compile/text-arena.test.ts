import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdTable } from './id-table.js';
import { TextArena } from './text-arena.js';

describe('TextArena', () => {
  it('gives back every live string across chunks, reuses handles and survives compaction', () => {
    const arena = new TextArena();
    const live = new Map<number, string>();
    // 20,000 strings of ~600 bytes fill a dozen 1 MiB chunks; releasing most triggers compaction.
    for (let i = 0; i < 20_000; i++) {
      const text = `${i}:${'é'.repeat(i % 7)}${'x'.repeat(600)}`;
      live.set(arena.append(text), text);
      if (i % 4 !== 0) {
        const [handle] = live.keys();
        arena.release(handle as number);
        live.delete(handle as number);
      }
    }
    for (const [handle, text] of live) assert.equal(arena.get(handle), text);
    assert.equal(arena.get(arena.append('')), '');
  });
});

describe('IdTable', () => {
  it('finds, replaces and forgets ids through growth and deletions', () => {
    const stored: string[] = [];
    const table = new IdTable((slot) => stored[slot] as string);
    for (let slot = 0; slot < 5_000; slot++) {
      stored[slot] = `indicator--${slot}`;
      table.set(stored[slot] as string, slot);
    }
    for (let slot = 0; slot < 5_000; slot += 2) table.delete(`indicator--${slot}`);
    for (let slot = 0; slot < 5_000; slot++) {
      assert.equal(table.get(`indicator--${slot}`), slot % 2 === 0 ? undefined : slot);
    }
    assert.equal(table.get('indicator--absent'), undefined);
  });
});
