import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { StoreError, StoreInputError } from '../store.js';
import { toStoreError } from './errors.js';

const ADDRESS = 'db.example.org:5432';

function serverError(code: string, message: string): pg.DatabaseError {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function assertMapped(error: unknown, code: StoreError['code'], mention: string): void {
  const mapped = toStoreError(error, ADDRESS);
  assert.ok(mapped instanceof StoreError, String(mapped));
  assert.equal(mapped.code, code);
  assert.ok(mapped.message.includes(ADDRESS), mapped.message);
  assert.ok(mapped.message.includes(mention), `"${mapped.message}" names ${mention}`);
  assert.equal((mapped as { cause?: unknown }).cause, error);
}

describe('postgres errors', () => {
  it("maps the server's refusals, a full disk and a read-only session by SQLSTATE", () => {
    assertMapped(
      serverError('53100', 'could not extend file: No space left on device'),
      'disk-full',
      'No space',
    );
    assertMapped(
      serverError('25006', 'cannot execute INSERT in a read-only transaction'),
      'read-only',
      'INSERT',
    );
    assertMapped(
      serverError('28P01', 'password authentication failed for user "u"'),
      'unreachable',
      'password',
    );
    assertMapped(serverError('3D000', 'database "x" does not exist'), 'unreachable', '"x"');
    assertMapped(
      serverError('57P01', 'terminating connection due to administrator command'),
      'unreachable',
      'admin',
    );
    assertMapped(serverError('42P01', 'relation "objects" does not exist'), 'io', 'SQLSTATE 42P01');
  });

  it('maps socket and driver connection failures to unreachable, and a closed pool to io', () => {
    assertMapped(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'unreachable',
      'refused',
    );
    assertMapped(
      Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      'unreachable',
      'not found',
    );
    assertMapped(new Error('Connection terminated due to connection timeout'), 'unreachable', 'timeout');
    assertMapped(new Error('The server does not support SSL connections'), 'unreachable', 'SSL');
    assertMapped(
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      'unreachable',
      'asks for a password',
    );
    assertMapped(new Error('timeout exceeded when trying to connect'), 'io', 'poolSize');
    assertMapped(new Error('Cannot use a pool after calling end on the pool'), 'io', 'closed');
  });

  it("passes the store's own errors and bugs through unchanged", () => {
    const own = [
      new StoreError('collection "x" does not exist', 'not-found'),
      new StoreInputError('bad cursor', 'bad-cursor'),
      new TypeError('x is not a function'),
    ];
    for (const error of own) assert.equal(toStoreError(error, ADDRESS), error);
  });
});
