import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimestamp, timestampPrecision } from '../timestamp.js';
import {
  identifierType,
  isDomainName,
  isIdentifier,
  isIpv4Value,
  isIpv6Value,
  isLanguageTag,
  isRfc4122Uuid,
  parseIdentifier,
} from './formats.js';

describe('identifiers', () => {
  it('accepts type--UUID with an RFC 4122 UUID and gives its type', () => {
    assert.equal(isIdentifier('x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263'), true);
    assert.equal(identifierType('x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263'), 'x-mitre-tactic');
  });

  it('refuses bad types, doubled hyphens, short types and non-RFC 4122 UUIDs', () => {
    for (const id of [
      'Indicator--2558fd61-8c75-4730-94c4-11926db2a263',
      'x--y--2558fd61-8c75-4730-94c4-11926db2a263',
      'xy--2558fd61-8c75-4730-94c4-11926db2a263',
      'indicator--2558fd61-8c75-0730-94c4-11926db2a263',
      'indicator--2558fd61-8c75-4730-c4c4-11926db2a263',
      'indicator--2558fd61',
    ]) {
      assert.equal(isIdentifier(id), false, id);
    }
    assert.equal(isRfc4122Uuid('00000000-0000-0000-0000-000000000000'), false);
    assert.deepEqual(parseIdentifier('a-b--2558fd61-8c75-4730-94c4-11926db2a263'), {
      type: 'a-b',
      uuid: '2558fd61-8c75-4730-94c4-11926db2a263',
    });
  });
});

describe('address values', () => {
  it('reads IPv4 addresses and CIDR blocks', () => {
    for (const value of ['198.51.100.3', '0.0.0.0/0', '10.2.4.5/24', '255.255.255.255/32'])
      assert.equal(isIpv4Value(value), true, value);
    for (const value of ['256.1.1.1', '10.2.4.5/33', '010.1.1.1', '1.2.3', '1.2.3.4/'])
      assert.equal(isIpv4Value(value), false, value);
  });

  it('reads IPv6 addresses and CIDR blocks', () => {
    for (const value of ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8::/96', '::1/128']) {
      assert.equal(isIpv6Value(value), true, value);
    }
    for (const value of ['2001:db8::/129', '2001:db8:::1', '198.51.100.3'])
      assert.equal(isIpv6Value(value), false, value);
  });

  it('reads domain names, internationalised ones included', () => {
    for (const value of ['example.com', 'www.5z8.info.', 'bücher.example', '_dmarc.example.com']) {
      assert.equal(isDomainName(value), true, value);
    }
    for (const value of ['exa mple.com', '-example.com', 'example..com', `${'a'.repeat(64)}.com`]) {
      assert.equal(isDomainName(value), false, value);
    }
  });
});

describe('language tags', () => {
  it('follows RFC 5646', () => {
    for (const tag of ['en', 'en-US', 'zh-Hant-TW', 'sr-Latn-RS', 'de-CH-1996', 'x-private'])
      assert.equal(isLanguageTag(tag), true, tag);
    for (const tag of ['en_US', 'e', 'en-', 'english language', '12'])
      assert.equal(isLanguageTag(tag), false, tag);
  });
});

describe('timestampPrecision', () => {
  it('accepts exactly what parseTimestamp accepts', () => {
    const samples = [
      '2016-01-20T12:31:12.123Z',
      '2016-01-20T12:31:12Z',
      '2016-12-31T23:59:60Z',
      '2014-02-20T09:16:08.989000Z',
      '2016-02-29T00:00:00Z',
      '2015-02-29T00:00:00Z',
      '2016-04-31T00:00:00Z',
      '2016-13-01T00:00:00Z',
      '2016-01-20T24:00:00Z',
      '2016-01-20T12:31:12.Z',
      '2016-01-20T12:31:12+00:00',
      '2016-01-20 12:31:12Z',
      '2016-01-20T12:31:12.123z',
    ];
    for (const text of samples) {
      const parsed = parseTimestamp(text);
      assert.equal(timestampPrecision(text), parsed === undefined ? -1 : parsed.fraction.length, text);
    }
  });
});
