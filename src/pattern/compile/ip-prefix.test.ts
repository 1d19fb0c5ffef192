import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isIpAddressOrCidr } from '../ip-address.js';
import { IpPrefix, readIpPrefix } from './ip-prefix.js';

const bits = (text: string) => {
  const prefix = new IpPrefix();
  assert.ok(readIpPrefix(text, prefix), text);
  return `${prefix.family}/${prefix.length}/${[...prefix.words.subarray(0, prefix.family === 4 ? 1 : 4)].map((w) => w.toString(16)).join(':')}`;
};

describe('readIpPrefix', () => {
  it('accepts exactly what isIpAddressOrCidr accepts, so the PrefixTable sees what the evaluator compares', () => {
    const piece = fc.constantFrom(
      '0',
      '1',
      '01',
      '10',
      '255',
      '256',
      '999',
      '1000',
      '.',
      '/',
      ':',
      '::',
      'a',
      'ffff',
      '32',
      '33',
      '128',
      '',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
        (text) => {
          assert.equal(readIpPrefix(text, new IpPrefix()), isIpAddressOrCidr(text), text);
        },
      ),
      { numRuns: 20_000 },
    );
    for (const text of [
      '10.0.0.1',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '::1',
      'fe80::/10',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:7:8/128',
    ]) {
      assert.equal(readIpPrefix(text, new IpPrefix()), true, text);
    }
  });

  it('reads the address bits and the prefix length', () => {
    assert.equal(bits('10.0.0.1'), '4/32/a000001');
    assert.equal(bits('192.168.0.0/16'), '4/16/c0a80000');
    assert.equal(bits('fe80::1'), '6/128/fe800000:0:0:1');
    assert.equal(bits('::ffff:10.0.0.1/96'), '6/96/0:0:ffff:a000001');
  });
});
