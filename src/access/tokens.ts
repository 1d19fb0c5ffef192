// API tokens: `dct_<id>_<secret>`. The id finds the token's record without a scan; the secret is
// 256 random bits, kept only as its SHA-256 digest and compared in constant time. A slow password
// hash would add nothing against guessing 256 random bits and would cost every request.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { RandomBytes } from '../stix/id.js';

const PREFIX = 'dct_';
const ID_BYTES = 12;
const SECRET_BYTES = 32;
// base64url of 12 and 32 bytes, without padding.
const TOKEN_SHAPE = /^dct_([A-Za-z0-9_-]{16})_([A-Za-z0-9_-]{43})$/;

export interface IssuedToken {
  id: string;
  /** The whole token, shown to its owner once and never stored. */
  text: string;
  /** SHA-256 of the secret part, hex: what the store keeps. */
  hash: string;
}

export function issueToken(random: RandomBytes): IssuedToken {
  // An id is typed on command lines (`token revoke ID`), where one starting with "-" reads as an
  // option (1 id in 64 did, and its revocation failed): such a first character becomes "A". Ids
  // name records, they are not secrets; 71 of their 72 bits are left.
  const id = Buffer.from(random(ID_BYTES)).toString('base64url').replace(/^-/, 'A');
  const secret = Buffer.from(random(SECRET_BYTES)).toString('base64url');
  return { id, text: `${PREFIX}${id}_${secret}`, hash: digest(secret) };
}

/** The id and secret of a token's text, or undefined when it is not shaped as one. */
export function parseToken(text: string): { id: string; secret: string } | undefined {
  const match = TOKEN_SHAPE.exec(text);
  if (match === null) return undefined;
  return { id: match[1] as string, secret: match[2] as string };
}

/** Whether a secret matches a stored digest, in time that does not depend on where they differ. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(digest(secret), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
