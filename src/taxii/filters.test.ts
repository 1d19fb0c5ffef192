import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaxiiError } from './errors.js';
import {
  COLLECTION_FILTERS,
  OBJECT_FILTERS,
  parseFilters,
  parseLimit,
  parseVersionMatch,
  SERVER_PAGE_LIMIT,
  VERSIONS_FILTERS,
} from './filters.js';

const ID_A = 'indicator--3600ad1b-fff1-4c98-bcc9-4de3bc2e2ffb';
const ID_B = 'sighting--4600ad1b-fff1-4c58-bcc9-4de3bc5e2ffd';

function badFilter(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TaxiiError);
    assert.equal(error.statusCode, 400);
    assert.equal(error.code, 'bad-filter');
    assert.match(error.message, message);
    return true;
  });
}

describe('parseFilters', () => {
  it('defaults to the server page limit and no other filter', () => {
    assert.deepEqual(parseFilters({}, COLLECTION_FILTERS), { limit: SERVER_PAGE_LIMIT });
  });

  it('parses every filter of Get Objects', () => {
    const filters = parseFilters(
      {
        added_after: '2026-01-01T00:00:00.123456Z',
        limit: '10',
        next: 'MTIz',
        'match[id]': `${ID_A},${ID_B}`,
        'match[type]': 'indicator,sighting',
        'match[version]': 'first,2016-01-01T01:01:01.000Z',
        'match[spec_version]': '2.0,2.1',
      },
      COLLECTION_FILTERS,
    );
    assert.deepEqual(filters, {
      addedAfter: '2026-01-01T00:00:00.123456Z',
      limit: 10,
      next: 'MTIz',
      ids: [ID_A, ID_B],
      types: ['indicator', 'sighting'],
      versions: ['first', { modified: '2016-01-01T01:01:01.000Z' }],
      specVersions: ['2.0', '2.1'],
    });
  });

  it('refuses filters the endpoint does not define', () => {
    badFilter(
      () => parseFilters({ 'match[type]': 'indicator' }, OBJECT_FILTERS),
      /match\[type\].*not a filter/,
    );
    badFilter(() => parseFilters({ 'match[version]': 'all' }, VERSIONS_FILTERS), /match\[version\]/);
    badFilter(() => parseFilters({ limit: '1' }, []), /limit/);
    badFilter(() => parseFilters({ 'match[x_custom]': '1' }, COLLECTION_FILTERS), /not a filter/);
  });

  it('refuses a parameter given twice (section 3.4)', () => {
    badFilter(
      () => parseFilters({ 'match[type]': ['indicator', 'malware'] }, COLLECTION_FILTERS),
      /only once/,
    );
    badFilter(() => parseFilters({ limit: ['1', '1'] }, COLLECTION_FILTERS), /only once/);
  });

  it('refuses empty values and values with spaces in match lists', () => {
    badFilter(() => parseFilters({ 'match[type]': '' }, COLLECTION_FILTERS), /empty value/);
    badFilter(() => parseFilters({ 'match[type]': 'indicator,' }, COLLECTION_FILTERS), /empty value/);
    badFilter(() => parseFilters({ 'match[type]': 'indicator, malware' }, COLLECTION_FILTERS), /not a valid/);
    badFilter(() => parseFilters({ 'match[id]': 'indicator--1' }, COLLECTION_FILTERS), /not a valid/);
    badFilter(() => parseFilters({ 'match[spec_version]': '2' }, COLLECTION_FILTERS), /not a valid/);
  });

  it('refuses an added_after that is not a timestamp and an empty or overlong next', () => {
    badFilter(() => parseFilters({ added_after: '2026-01-01' }, COLLECTION_FILTERS), /added_after/);
    badFilter(() => parseFilters({ next: '' }, COLLECTION_FILTERS), /next/);
    badFilter(() => parseFilters({ next: 'x'.repeat(65) }, COLLECTION_FILTERS), /next/);
  });

  it('refuses more than 1000 values in one match field', () => {
    const ids = Array.from({ length: 1001 }, () => ID_A).join(',');
    badFilter(() => parseFilters({ 'match[id]': ids }, COLLECTION_FILTERS), /more than 1000/);
  });
});

describe('parseVersionMatch (section 3.4.1)', () => {
  it('reads keywords and timestamps', () => {
    assert.deepEqual(parseVersionMatch('last,first'), ['last', 'first']);
    assert.deepEqual(parseVersionMatch('all'), ['all']);
    assert.deepEqual(parseVersionMatch('2016-03-23T01:01:01.000Z,2018-03-02T01:01:01.123Z'), [
      { modified: '2016-03-23T01:01:01.000Z' },
      { modified: '2018-03-02T01:01:01.123Z' },
    ]);
  });

  it('refuses all with anything else, duplicates and unknown keywords', () => {
    badFilter(() => parseVersionMatch('all,last'), /all cannot be combined/);
    badFilter(() => parseVersionMatch('last,last'), /more than once/);
    badFilter(() => parseVersionMatch('2016-01-01T00:00:00Z,2016-01-01T00:00:00.000Z'), /more than once/);
    badFilter(() => parseVersionMatch('latest'), /not a valid/);
    badFilter(() => parseVersionMatch('2016-02-30T00:00:00Z'), /not a valid/);
  });
});

describe('parseLimit (section 3.4)', () => {
  it('takes positive integers and caps them at the server page', () => {
    assert.equal(parseLimit('1'), 1);
    assert.equal(parseLimit('999'), 999);
    assert.equal(parseLimit('5000'), SERVER_PAGE_LIMIT);
    assert.equal(parseLimit('9007199254740991'), SERVER_PAGE_LIMIT);
  });

  for (const text of [
    '0',
    '-1',
    '1.5',
    '1e3',
    '',
    ' 1',
    '0x10',
    '9007199254740992',
    '99999999999999999999',
  ]) {
    it(`refuses ${JSON.stringify(text)}`, () => badFilter(() => parseLimit(text), /limit/));
  }
});
