// Real data must be valid: MITRE ATT&CK Enterprise (STIX 2.1, with custom x-mitre-* objects and
// x_mitre_* properties) and the Dream Job subset. Warnings are allowed; errors are not.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Issue } from '../issue.js';
import { validateBundle, validateObject } from './index.js';

function readBundle(name: string): { objects: unknown[] } {
  return JSON.parse(readFileSync(path.resolve('../shared/intel/attack', name), 'utf8')) as {
    objects: unknown[];
  };
}

function errors(issues: Issue[]): Issue[] {
  return issues.filter((issue) => issue.severity === 'error');
}

describe('ATT&CK', () => {
  it('enterprise-attack 18.1: all 24,771 objects validate without errors', () => {
    const bundle = readBundle('enterprise-attack-18.1-rebuilt-from-mitre-cti.json');
    assert.equal(bundle.objects.length, 24_771);
    assert.deepEqual(errors(validateBundle(bundle)), []);
  });

  it('the Dream Job subset validates without errors, object by object too', () => {
    const bundle = readBundle('dreamjob-attack-subset.json');
    assert.deepEqual(errors(validateBundle(bundle)), []);
    for (const object of bundle.objects) assert.deepEqual(errors(validateObject(object)), []);
  });

  it('flags the custom ATT&CK content as warnings only', () => {
    const bundle = readBundle('dreamjob-attack-subset.json');
    const codes = new Set(validateBundle(bundle).map((issue) => issue.code));
    assert.ok(codes.has('custom-property-deprecated'));
  });
});
