import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TLP_AMBER, TLP_CLEAR, TLP_GREEN, TLP_RED } from '../stix/tlp.js';
import {
  type CollectionPolicy,
  canSee,
  canWrite,
  knowsCollection,
  PRIVATE_POLICY,
  readScope,
} from './policy.js';
import { ANONYMOUS, type Principal, type Role, SYSTEM } from './principal.js';

const ACME = 'identity--0b5e1b4f-0000-4000-8000-000000000001';
const OTHER = 'identity--0b5e1b4f-0000-4000-8000-000000000002';
const C = 'collection-1';

function user(role: Role, org = ACME): Principal {
  return { kind: 'user', user: `${role}-user`, role, org, tokenId: 't' };
}

function object(marking: string | undefined, author?: string) {
  return {
    type: 'indicator',
    id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    ...(marking === undefined ? {} : { object_marking_refs: [marking] }),
    ...(author === undefined ? {} : { created_by_ref: author }),
  };
}

const granted: CollectionPolicy = {
  public: false,
  grants: [{ org: ACME, read: true, write: false, red: false }],
};
const publicOnly: CollectionPolicy = { public: true, grants: [] };

describe('readScope and canSee', () => {
  it('shows anonymous callers TLP:CLEAR of public collections only', () => {
    assert.equal(readScope(ANONYMOUS, C, PRIVATE_POLICY), undefined);
    assert.ok(canSee(ANONYMOUS, C, publicOnly, object(TLP_CLEAR.id)));
    assert.ok(!canSee(ANONYMOUS, C, publicOnly, object(TLP_GREEN.id)));
    assert.ok(!canSee(ANONYMOUS, C, publicOnly, object(undefined)), 'unmarked is GREEN, not public');
  });

  it('shows any member CLEAR and GREEN of a public collection, and no more', () => {
    const outsider = user('analyst', OTHER);
    assert.ok(canSee(outsider, C, publicOnly, object(TLP_GREEN.id)));
    assert.ok(canSee(outsider, C, publicOnly, object(undefined)));
    assert.ok(!canSee(outsider, C, publicOnly, object(TLP_AMBER.id)));
  });

  it('shows a granted organisation up to AMBER+STRICT, RED only to named RED recipients', () => {
    const reader = user('reader');
    assert.ok(canSee(reader, C, granted, object(TLP_AMBER.id)));
    assert.ok(!canSee(reader, C, granted, object(TLP_RED.id)));
    const red: CollectionPolicy = {
      public: false,
      grants: [{ org: ACME, read: true, write: false, red: true }],
    };
    assert.ok(canSee(reader, C, red, object(TLP_RED.id)));
    assert.ok(!canSee(user('reader', OTHER), C, red, object(TLP_CLEAR.id)), 'not granted, not public');
  });

  it('always shows an organisation what it authored, in collections it may read', () => {
    const outsider = user('analyst', OTHER);
    assert.ok(canSee(outsider, C, publicOnly, object(TLP_RED.id, OTHER)));
    assert.ok(
      !canSee(outsider, C, PRIVATE_POLICY, object(TLP_CLEAR.id, OTHER)),
      'but not where it cannot read',
    );
  });

  it('lets admins read every collection, though not RED meant for others', () => {
    const admin = user('admin', OTHER);
    assert.ok(canSee(admin, C, PRIVATE_POLICY, object(TLP_AMBER.id)));
    assert.ok(!canSee(admin, C, PRIVATE_POLICY, object(TLP_RED.id)));
  });

  it('lets the host itself see everything', () => {
    assert.ok(canSee(SYSTEM, C, PRIVATE_POLICY, object(TLP_RED.id)));
  });
});

describe('canWrite and knowsCollection', () => {
  const writer: CollectionPolicy = {
    public: false,
    grants: [{ org: ACME, read: false, write: true, red: false }],
  };
  it('needs a write grant and a role that writes', () => {
    assert.ok(canWrite(user('analyst'), writer));
    assert.ok(canWrite(user('sync'), writer));
    assert.ok(!canWrite(user('reader'), writer));
    assert.ok(!canWrite(user('analyst', OTHER), writer));
    assert.ok(!canWrite(ANONYMOUS, { public: true, grants: [] }));
    assert.ok(canWrite(user('admin', OTHER), PRIVATE_POLICY));
  });
  it('hides collections a principal may neither read nor write', () => {
    assert.ok(knowsCollection(user('analyst'), C, writer), 'write-only still knows it');
    assert.equal(readScope(user('analyst'), C, writer), undefined);
    assert.ok(!knowsCollection(user('analyst', OTHER), C, writer));
  });
});
