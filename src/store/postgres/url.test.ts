import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreError } from '../store.js';
import { checkSchemaName } from './connection.js';
import { openPostgresStore } from './index.js';
import { parsePostgresUrl } from './url.js';

function assertBadUrl(url: string, mention: string): void {
  assert.throws(
    () => parsePostgresUrl(url),
    (error: unknown) => {
      assert.ok(error instanceof StoreError, String(error));
      assert.equal(error.code, 'bad-url');
      assert.ok(error.message.includes(mention), `"${error.message}" names ${mention}`);
      assert.ok(!error.message.includes('s3cret'), `"${error.message}" shows the password`);
      return true;
    },
  );
}

describe('postgres URL', () => {
  it('names what is wrong, never the password', () => {
    assertBadUrl('mysql://u:s3cret@db/x', '"mysql:"');
    assertBadUrl('db.example.org:5432/x', 'expected postgres://');
    assertBadUrl('postgres://u:s3cret@db:54x2/x', 'port "54x2"');
    assertBadUrl('postgres://u:s3cret@db:70000/x', 'port "70000"');
    // "#" ends the authority early: the text after ":" is the password, not a port to quote.
    assertBadUrl('postgres://u:s3cret#1@db/x', 'cannot be parsed');
    assertBadUrl('postgres://u:s3cret%zz@db/x', 'malformed %-escape');
    assertBadUrl('postgres:///x', 'no host');
  });

  it('gives host:port for messages, defaulting the port, and accepts a socket folder', () => {
    assert.equal(parsePostgresUrl('postgres://u:p@db.example.org/x').address, 'db.example.org:5432');
    assert.equal(parsePostgresUrl('postgresql://u@[::1]:6543/x').address, '[::1]:6543');
    assert.equal(parsePostgresUrl('postgres:///x?host=/run/postgresql').address, '/run/postgresql:5432');
  });

  it('takes the schema and the startup options out of the query, leaving the rest as written', () => {
    const endpoint = parsePostgresUrl(
      'postgres://u:p%40ss@db/x?sslmode=disable&options=-c%20statement_timeout%3D5s&schema=intel#f',
    );
    assert.deepEqual(endpoint, {
      connectionString: 'postgres://u:p%40ss@db/x?sslmode=disable&schema=intel#f',
      address: 'db:5432',
      schema: 'intel',
      startupOptions: '-c statement_timeout=5s',
    });
    assert.equal(
      parsePostgresUrl('postgres://u@db/x?options=-c%20a%3D1').connectionString,
      'postgres://u@db/x',
    );
    assert.deepEqual(parsePostgresUrl('postgres://u@db/x'), {
      connectionString: 'postgres://u@db/x',
      address: 'db:5432',
    });
  });

  it('accepts only lower-case schema names that need no quoting', () => {
    checkSchemaName('dreamcatcher_2');
    for (const bad of ['Intel', 'a-b', '1st', '', 'x'.repeat(64), 'a;drop']) {
      assert.throws(() => checkSchemaName(bad), { name: 'StoreError', code: 'bad-url' }, bad);
    }
  });

  it('makes openPostgresStore reject a bad URL or schema before connecting', async () => {
    await assert.rejects(openPostgresStore({ url: 'postgres://u:s3cret@db:port/x' }), {
      name: 'StoreError',
      code: 'bad-url',
      message: 'invalid PostgreSQL URL: port "port" is not a number from 1 to 65535',
    });
    await assert.rejects(openPostgresStore({ url: 'postgres://u@db/x', schema: 'Intel' }), {
      name: 'StoreError',
      code: 'bad-url',
    });
  });
});
