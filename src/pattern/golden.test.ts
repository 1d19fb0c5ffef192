// Golden tests: each testdata/valid/NAME.pattern parses to the tree in NAME.ast.json (offsets
// left out, the canonical printing beside it), and each testdata/invalid/NAME.pattern fails with
// the errors in NAME.error.json. A file named NAME.stix20.pattern is read as STIX 2.0, any other
// as STIX 2.1. With UPDATE_GOLDEN=1 the expected files are rewritten from what the code does now,
// so a change in behaviour shows up as a diff under testdata/.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PatternVersion } from './ast.js';
import { PATTERN_ERROR_CODES, renderPatternError } from './errors.js';
import { parsePattern } from './parser.js';
import { printPattern } from './print.js';
import { roundTripProblem, spanProblems, withoutOffsets } from './tree-comparison.js';

// Tests run from dist*/src/pattern/; the testdata stay in src/pattern/.
const TESTDATA = fileURLToPath(new URL('../../../src/pattern/testdata/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function patternFiles(folder: string): string[] {
  return readdirSync(join(TESTDATA, folder))
    .filter((name) => name.endsWith('.pattern'))
    .sort();
}

/** The pattern text: the file without its final newline. */
function readPattern(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

function versionOf(name: string): PatternVersion {
  return name.endsWith('.stix20.pattern') ? '2.0' : '2.1';
}

function expectGolden(path: string, actual: string): void {
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    assert.fail(`${path} is missing; run the tests with UPDATE_GOLDEN=1 to write it`);
  }
  assert.equal(actual, expected);
}

describe('valid patterns', () => {
  for (const name of patternFiles('valid')) {
    it(name, () => {
      const path = join(TESTDATA, 'valid', name);
      const text = readPattern(path);
      const version = versionOf(name);
      const result = parsePattern(text, { version });
      if (!result.ok) assert.fail(result.errors.map((error) => renderPatternError(text, error)).join('\n'));
      const golden = { printed: printPattern(result.pattern), ast: withoutOffsets(result.pattern) };
      expectGolden(path.replace(/\.pattern$/, '.ast.json'), `${JSON.stringify(golden, null, 2)}\n`);
      assert.deepEqual(spanProblems(text, result.pattern), []);
      assert.equal(roundTripProblem(result.pattern, version), undefined);
    });
  }
});

describe('invalid patterns', () => {
  for (const name of patternFiles('invalid')) {
    it(name, () => {
      const path = join(TESTDATA, 'invalid', name);
      const text = readPattern(path);
      const result = parsePattern(text, { version: versionOf(name) });
      assert.equal(result.ok, false, 'the pattern parsed');
      if (result.ok) return;
      for (const error of result.errors) {
        assert.ok(
          error.start >= 0 && error.start <= error.end && error.end <= text.length,
          `offsets of ${error.code}`,
        );
      }
      expectGolden(path.replace(/\.pattern$/, '.error.json'), `${JSON.stringify(result.errors, null, 2)}\n`);
    });
  }

  it('cover every error code', () => {
    const seen = new Set<string>();
    for (const name of patternFiles('invalid')) {
      const errors = JSON.parse(
        readFileSync(join(TESTDATA, 'invalid', name.replace(/\.pattern$/, '.error.json')), 'utf8'),
      );
      for (const error of errors) seen.add(error.code);
    }
    assert.deepEqual(
      PATTERN_ERROR_CODES.filter((code) => !seen.has(code)),
      [],
    );
  });
});
