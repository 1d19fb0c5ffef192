// Golden data: each file under testdata/invalid is one object broken in one way, named
// <nn>-<code>.json after the error it must raise; each file under testdata/valid must raise no
// error. Paths are relative to the repository root, where tests run.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CODES, validateObject } from './index.js';

const TESTDATA = path.resolve('src/stix/testdata');
// Codes that only a bundle can raise; bundle.test.ts covers them.
const BUNDLE_ONLY_CODES = new Set(['not-a-bundle']);

function read(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function errorCodes(value: unknown): string[] {
  return [
    ...new Set(
      validateObject(value)
        .filter((issue) => issue.severity === 'error')
        .map((issue) => issue.code),
    ),
  ];
}

const invalidFiles = readdirSync(path.join(TESTDATA, 'invalid')).filter((file) => file.endsWith('.json'));
const codeOf = (file: string): string => file.replace(/^\d+-/, '').replace(/\.json$/, '');

describe('golden invalid objects', () => {
  for (const file of invalidFiles) {
    it(`${file} raises exactly ${codeOf(file)}`, () => {
      assert.deepEqual(errorCodes(read(path.join(TESTDATA, 'invalid', file))), [codeOf(file)]);
    });
  }

  it('names only error codes of the catalogue, one file per code', () => {
    const codes = invalidFiles.map(codeOf);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.equal(CODES[code as keyof typeof CODES]?.severity, 'error', code);
  });

  it('covers every error code of the catalogue', () => {
    const covered = new Set(invalidFiles.map(codeOf));
    const missing = Object.entries(CODES)
      .filter(
        ([code, info]) => info.severity === 'error' && !covered.has(code) && !BUNDLE_ONLY_CODES.has(code),
      )
      .map(([code]) => code);
    assert.deepEqual(missing, []);
  });
});

describe('golden valid objects', () => {
  for (const file of readdirSync(path.join(TESTDATA, 'valid')).filter((name) => name.endsWith('.json'))) {
    it(`${file} has no errors`, () => {
      assert.deepEqual(errorCodes(read(path.join(TESTDATA, 'valid', file))), []);
    });
  }
});
