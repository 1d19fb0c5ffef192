import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TLP_RED } from '../stix/tlp.js';
import {
  accessColumnsOf,
  backfilledAccess,
  buildWhere,
  decodeCursor,
  encodeCursor,
  flagsForInsert,
  lowerBound,
  nextDateAdded,
  pendingMigrations,
  revokedVersionOf,
  sameContent,
  searchNeedle,
  searchTextOf,
  versionOf,
} from './common.js';
import { StoreError, StoreInputError } from './store.js';

describe('nextDateAdded', () => {
  it('takes the clock in microseconds, rounded down', () => {
    assert.equal(nextDateAdded(0n, 1_700_000_000_123.25), 1_700_000_000_123_250n);
  });
  it('steps one microsecond past the last value when the clock has not moved past it', () => {
    assert.equal(nextDateAdded(1_700_000_000_123_250n, 1_700_000_000_123.25), 1_700_000_000_123_251n);
    assert.equal(nextDateAdded(1_800_000_000_000_000n, 1_700_000_000_000), 1_800_000_000_000_001n);
  });
});

describe('cursors', () => {
  it('round-trip the date_added they carry', () => {
    for (const micros of [0n, 1n, 1_700_000_000_123_456n, 99_999_999_999_999_999n]) {
      assert.equal(decodeCursor(encodeCursor(micros)), micros);
    }
  });
  it('reject anything else with a StoreInputError naming the cursor', () => {
    for (const bad of [
      '',
      '!!',
      'MA==',
      Buffer.from('01').toString('base64url'),
      Buffer.from('1.5').toString('base64url'),
    ]) {
      assert.throws(
        () => decodeCursor(bad),
        (error: unknown) =>
          error instanceof StoreInputError && error.code === 'bad-cursor' && error.message.includes('cursor'),
        bad,
      );
    }
  });
  it('bound a list by the later of cursor and addedAfter', () => {
    const cursor = encodeCursor(1_000_000n);
    assert.equal(lowerBound({ addedAfter: '1970-01-01T00:00:02Z' }, cursor), 2_000_000n);
    assert.equal(lowerBound({ addedAfter: '1970-01-01T00:00:00.5Z' }, cursor), 1_000_000n);
    assert.equal(lowerBound({}, undefined), undefined);
  });
});

describe('versions and content', () => {
  it('versions by modified, else created, else none', () => {
    assert.deepEqual(
      versionOf({ type: 't', id: 'x', created: '2020-01-01T00:00:00Z', modified: '2021-01-01T00:00:00.1Z' }),
      {
        version: '2021-01-01T00:00:00.1Z',
        versionKey: '2021-01-01T00:00:00.100000000',
      },
    );
    assert.equal(
      versionOf({ type: 't', id: 'x', created: '2020-01-01T00:00:00Z' }).version,
      '2020-01-01T00:00:00Z',
    );
    assert.deepEqual(versionOf({ type: 't', id: 'x' }), { version: '', versionKey: '' });
    assert.throws(() => versionOf({ type: 't', id: 'x', modified: 'soon' }), StoreInputError);
  });
  it('compares content by text, then by value regardless of key order', () => {
    assert.ok(sameContent('{"a":1,"b":[1,2]}', '{ "b": [1, 2], "a": 1.0 }'));
    assert.ok(!sameContent('{"a":1,"b":[1,2]}', '{"a":1,"b":[2,1]}'));
    assert.ok(!sameContent('{"a":1}', '{"a":"1"}'));
  });
  it('moves the flags only when the new key is outside the stored range', () => {
    assert.deepEqual(flagsForInsert('b', { min: undefined, max: undefined }), {
      isFirst: true,
      isLatest: true,
    });
    assert.deepEqual(flagsForInsert('b', { min: 'a', max: 'c' }), { isFirst: false, isLatest: false });
    assert.deepEqual(flagsForInsert('d', { min: 'a', max: 'c' }), { isFirst: false, isLatest: true });
  });
  it('derives search text from name and description only', () => {
    assert.equal(
      searchTextOf({ type: 't', id: 'x', name: 'ÉTÉ', description: 'Ok', pattern: 'P' }),
      'été\nok',
    );
    assert.equal(searchTextOf({ type: 't', id: 'x' }), '\n');
    assert.equal(searchNeedle('E\u0301TE\u0301'), 'été');
  });
});

describe('access columns', () => {
  it('rank the effective TLP and name the author', () => {
    assert.deepEqual(accessColumnsOf({ type: 't', id: 'x' }), { tlpRank: 1, createdBy: '' });
    assert.deepEqual(
      accessColumnsOf({
        type: 't',
        id: 'x',
        object_marking_refs: [TLP_RED.id],
        created_by_ref: 'identity--a',
      }),
      { tlpRank: 4, createdBy: 'identity--a' },
    );
  });
  it('count an author PostgreSQL text cannot hold, or one that is not a string, as none', () => {
    assert.equal(accessColumnsOf({ type: 't', id: 'x', created_by_ref: 'identity--a\u0000' }).createdBy, '');
    assert.equal(accessColumnsOf({ type: 't', id: 'x', created_by_ref: 'identity--\ud800' }).createdBy, '');
    assert.equal(accessColumnsOf({ type: 't', id: 'x', created_by_ref: ['identity--a'] }).createdBy, '');
  });
  it('are backfilled only where they differ from those of an unmarked object without author', () => {
    const rows = [
      { date_added: 1, json: '{"type":"t","id":"x"}' },
      { date_added: 2, json: `{"type":"t","id":"y","object_marking_refs":["${TLP_RED.id}"]}` },
      { date_added: 3, json: '{"type":"t","id":"z","created_by_ref":"identity--a"}' },
    ];
    assert.deepEqual(backfilledAccess(rows), [
      { dateAdded: 2, tlpRank: 4, createdBy: '' },
      { dateAdded: 3, tlpRank: 1, createdBy: 'identity--a' },
    ]);
  });
});

describe('revokedVersionOf', () => {
  const latest = JSON.stringify({
    type: 'malware',
    id: 'malware--1',
    modified: '2024-01-01T00:00:00.999999Z',
    name: 'm',
  });
  it('keeps every property and sets revoked and a later modified', () => {
    const revoked = revokedVersionOf(latest, 0);
    assert.deepEqual(revoked?.object, {
      type: 'malware',
      id: 'malware--1',
      modified: '2024-01-01T00:00:01.000Z',
      name: 'm',
      revoked: true,
    });
    assert.equal(revoked?.json, JSON.stringify(revoked?.object));
  });
  it('uses the clock when it is later', () => {
    assert.equal(revokedVersionOf(latest, Date.UTC(2025, 0, 1))?.object.modified, '2025-01-01T00:00:00.000Z');
  });
  it('cannot revoke an object without modified', () => {
    assert.equal(
      revokedVersionOf('{"type":"ipv4-addr","id":"ipv4-addr--1","value":"1.2.3.4"}', 0),
      undefined,
    );
  });
});

describe('buildWhere', () => {
  function build(dialect: 'sqlite' | 'postgres', query: Parameters<typeof buildWhere>[0], after?: bigint) {
    const params: (string | bigint)[] = [];
    const where = buildWhere(query, after, dialect, (value) => {
      params.push(value);
      return dialect === 'sqlite' ? '?' : `$${params.length}`;
    });
    return { where, params };
  }
  it('writes the same filter for both dialects, collection, flags and text search aside', () => {
    const query = { collection: 'c', types: ['indicator'], text: 'ÉTÉ', versions: ['last' as const] };
    assert.deepEqual(build('sqlite', query, 5n), {
      where: [
        'collection_key = (SELECT key FROM collections WHERE id = ?)',
        'type IN (?)',
        'is_latest = 1',
        'date_added > ?',
        'instr(search_text, ?) > 0',
      ],
      params: ['c', 'indicator', 5n, 'été'],
    });
    assert.deepEqual(build('postgres', query, 5n).where, [
      'collection_id = $1',
      'type IN ($2)',
      'is_latest',
      'date_added > $3',
      'strpos(search_text, $4) > 0',
    ]);
  });
  it('ORs the selectors and drops the version filter for all', () => {
    const versions = [
      'first' as const,
      { modified: '2021-01-01T00:00:00Z' },
      { modified: '2021-01-01T00:00:00.000Z' },
    ];
    assert.deepEqual(build('sqlite', { versions }), {
      where: ['(is_first = 1 OR version_key IN (?))'],
      params: ['2021-01-01T00:00:00.000000000'],
    });
    assert.deepEqual(build('sqlite', { versions: ['all', 'first'] }).where, []);
    assert.deepEqual(build('sqlite', { versions: [] }).where, ['FALSE']);
  });
  it('admits rows of a scope by rank or author, binding in the order of the text', () => {
    const scopes = [
      { collection: 'a', maxTlpRank: 2, authors: ['identity--x', 'identity--x'] },
      { collection: 'b', maxTlpRank: 0, authors: [] },
    ];
    const versions = ['all' as const];
    assert.deepEqual(build('sqlite', { versions, scopes: scopes.slice(0, 1) }), {
      where: [
        '(collection_key = (SELECT key FROM collections WHERE id = ?) AND (tlp_rank <= ? OR created_by IN (?)))',
      ],
      params: ['a', 2n, 'identity--x'],
    });
    // Several scopes keep SQLite on the date_added order (see scopeCondition).
    assert.deepEqual(build('sqlite', { versions, scopes }).where, [
      '((+collection_key = (SELECT key FROM collections WHERE id = ?) AND (tlp_rank <= ? OR created_by IN (?))) OR (+collection_key = (SELECT key FROM collections WHERE id = ?) AND tlp_rank <= ?))',
    ]);
    assert.deepEqual(build('postgres', { versions, scopes }).where, [
      '((collection_id = $1 AND (tlp_rank <= $2 OR created_by IN ($3))) OR (collection_id = $4 AND tlp_rank <= $5))',
    ]);
    assert.deepEqual(build('postgres', { versions, scopes: [] }).where, ['FALSE']);
  });
});

describe('pendingMigrations', () => {
  const migrations = [
    { version: 2, name: 'two', sql: '' },
    { version: 1, name: 'one', sql: '' },
  ];
  it('lists what is newer than the database, in order', () => {
    assert.deepEqual(
      pendingMigrations(migrations, 0, 'db').map((m) => m.version),
      [1, 2],
    );
    assert.deepEqual(pendingMigrations(migrations, 2, 'db'), []);
  });
  it('refuses a database newer than the code', () => {
    assert.throws(
      () => pendingMigrations(migrations, 3, 'the db'),
      (error: unknown) =>
        error instanceof StoreError && error.code === 'schema' && error.message.includes('the db'),
    );
  });
});
