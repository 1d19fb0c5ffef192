// The golden conformance suite: each testdata/match/TOPIC.json holds groups of cases, a group being
// observations (STIX 2.0 observed-data with embedded objects, or STIX 2.1 bundles) and patterns
// that must match them ("match"), must not ("nomatch"), must fail to evaluate ("error", with the
// PatternEvaluationError code) or must fail to parse ("invalid"). A "match" entry may also name
// the observed-data ids the witness must use. The cases come from the STIX 2.1 specification
// section 9 and the OASIS reference matcher's tests (cti-pattern-matcher), rewritten as data.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PatternVersion } from '../ast.js';
import { type Observation, observationsFrom20, observationsFrom21 } from '../observation.js';
import { parsePattern } from '../parser.js';
import { PatternEvaluationError } from './errors.js';
import { matchPattern } from './match.js';

// Tests run from dist*/src/pattern/evaluate/; the testdata stay in src/pattern/.
const TESTDATA = fileURLToPath(new URL('../../../../src/pattern/testdata/match/', import.meta.url));

type MatchCase = string | { pattern: string; observed_data: string[] };

interface Group {
  name: string;
  stix_version: PatternVersion;
  observed_data: unknown[];
  match?: MatchCase[];
  nomatch?: string[];
  error?: Array<{ pattern: string; code: string }>;
  invalid?: string[];
}

function observationsOf(group: Group): Observation[] {
  const read =
    group.stix_version === '2.0'
      ? observationsFrom20(group.observed_data)
      : observationsFrom21(group.observed_data);
  assert.deepEqual(read.errors, [], `observations of group "${group.name}"`);
  return read.observations;
}

function parsed(pattern: string, version: PatternVersion) {
  const result = parsePattern(pattern, { version });
  assert.ok(result.ok, `${pattern} should parse: ${result.ok ? '' : JSON.stringify(result.errors)}`);
  return result.pattern;
}

for (const file of readdirSync(TESTDATA)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  const { groups } = JSON.parse(readFileSync(join(TESTDATA, file), 'utf8')) as { groups: Group[] };
  describe(`conformance ${file}`, () => {
    for (const group of groups) {
      it(group.name, () => {
        const observations = observationsOf(group);
        for (const entry of group.match ?? []) {
          const text = typeof entry === 'string' ? entry : entry.pattern;
          const found = matchPattern(parsed(text, group.stix_version), observations);
          assert.ok(found !== undefined, `should match: ${text}`);
          if (typeof entry !== 'string') {
            assert.deepEqual(
              found.observations.map((o) => o.id).sort(),
              [...entry.observed_data].sort(),
              `witness of ${text}`,
            );
          }
        }
        for (const text of group.nomatch ?? []) {
          assert.equal(
            matchPattern(parsed(text, group.stix_version), observations),
            undefined,
            `should not match: ${text}`,
          );
        }
        for (const { pattern, code } of group.error ?? []) {
          assert.throws(
            () => matchPattern(parsed(pattern, group.stix_version), observations),
            (error: unknown) => error instanceof PatternEvaluationError && error.code === code,
            `should fail with ${code}: ${pattern}`,
          );
        }
        for (const text of group.invalid ?? []) {
          assert.equal(
            parsePattern(text, { version: group.stix_version }).ok,
            false,
            `should not parse: ${text}`,
          );
        }
      });
    }
  });
}
