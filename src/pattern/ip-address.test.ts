import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIpAddressOrCidr } from './ip-address.js';

describe('isIpAddressOrCidr', () => {
  it('accepts IPv4 and IPv6 addresses and CIDR blocks', () => {
    for (const text of [
      '0.0.0.0',
      '255.255.255.255/32',
      '10.0.0.0/8',
      '192.168.0.1/24',
      '::',
      '::/0',
      '::1',
      '2001:db8::',
      '2001:0db8:dead:beef:0000:0000:0000:0000/64',
      'fe80::1:2:3:4:5:6',
      '::ffff:192.0.2.1',
      '64:ff9b::192.0.2.33/96',
      '1:2:3:4:5:6:1.2.3.4',
    ]) {
      assert.equal(isIpAddressOrCidr(text), true, text);
    }
  });

  it('refuses anything else', () => {
    for (const text of [
      '',
      'example.com',
      '10.0.0',
      '10.0.0.0.0',
      '256.0.0.1',
      '010.0.0.1',
      '10.0.0.0/33',
      '10.0.0.0/08',
      '10.0.0.0/',
      '2001::db8::1',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1::2:3:4:5:6:7:8',
      '12345::',
      '::/129',
      '1.2.3.4::',
      'fe80::1%eth0',
    ]) {
      assert.equal(isIpAddressOrCidr(text), false, text);
    }
  });
});
