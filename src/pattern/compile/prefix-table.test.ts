import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IpPrefix, readIpPrefix } from './ip-prefix.js';
import { PrefixTable } from './prefix-table.js';
import { ValueTable } from './value-table.js';

const prefix = (text: string) => {
  const read = new IpPrefix();
  assert.ok(readIpPrefix(text, read));
  return read;
};

function containing(table: PrefixTable, values: ValueTable, text: string): number[] {
  const found: number[] = [];
  table.defer(prefix(text));
  values.flush((entry) => found.push(entry));
  return found.sort((a, b) => a - b);
}

describe('PrefixTable', () => {
  it('finds the blocks that contain an address or a block, per family', () => {
    const values = new ValueTable();
    const table = new PrefixTable(values, 7);
    table.insert(prefix('10.0.0.0/8'), 1);
    table.insert(prefix('10.1.0.0/16'), 2);
    table.insert(prefix('10.1.2.3'), 3);
    table.insert(prefix('0.0.0.0/0'), 4);
    table.insert(prefix('10.1.77.0/16'), 5);
    table.insert(prefix('fe80::/10'), 6);
    table.insert(prefix('::/0'), 7);
    assert.deepEqual(containing(table, values, '10.1.2.3'), [1, 2, 3, 4, 5]);
    assert.deepEqual(containing(table, values, '10.1.9.9'), [1, 2, 4, 5]);
    assert.deepEqual(containing(table, values, '10.1.0.0/20'), [1, 2, 4, 5]);
    assert.deepEqual(containing(table, values, '10.0.0.0/7'), [4]);
    assert.deepEqual(containing(table, values, '11.0.0.1'), [4]);
    assert.deepEqual(containing(table, values, 'fe80::1'), [6, 7]);
    assert.deepEqual(containing(table, values, 'fec0::1'), [7]);
    table.remove(prefix('10.1.0.0/16'), 2);
    table.remove(prefix('10.0.0.0/8'), 1);
    assert.deepEqual(containing(table, values, '10.1.2.3'), [3, 4, 5]);
  });
});
