import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { StixObject } from '../../stix/object.js';
import { TLP_CLEAR } from '../../stix/tlp.js';
import { validateBundle, validateObject } from '../../stix/validate/index.js';
import { buildDreamjobPack } from './build.js';
import { PACK_MODIFIED } from './ids.js';
import { DREAMJOB_PACK } from './index.js';

/**
 * The content the pack had when PACK_MODIFIED was last moved. A store that holds the pack refuses a
 * changed object under the same `modified` as a conflict, so a content change must come with a new
 * PACK_MODIFIED (ids.ts): move it forward, then record the new pair here.
 */
const RELEASED = {
  modified: '2026-11-27T00:00:00.000Z',
  sha256: '9eac70dbc16fb013cf81c59404c5d4a3f06abb6693d7223692353a995af9a53b',
};

const objects = buildDreamjobPack();
const byId = new Map(objects.map((object) => [object.id, object]));

function ofType(type: string): StixObject[] {
  return objects.filter((object) => object.type === type);
}

/** Every identifier an object points at: *_ref and *_refs properties, at any depth. */
function referencesOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) referencesOf(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      if (key.endsWith('_ref') && typeof member === 'string') found.push(member);
      else if (key.endsWith('_refs') && Array.isArray(member)) found.push(...(member as string[]));
      else referencesOf(member, found);
    }
  }
  return found;
}

describe('the DreamJob pack', () => {
  it('validates with neither errors nor warnings, as a bundle and object by object', () => {
    const bundle = { type: 'bundle', id: 'bundle--6f1c8a0e-4a53-4c55-9a1c-3b0e9c4d2f10', objects };
    assert.deepEqual(validateBundle(bundle), []);
    for (const object of objects) assert.deepEqual(validateObject(object), [], object.id);
  });

  it('resolves every reference inside the pack', () => {
    for (const object of objects) {
      for (const reference of referencesOf(object)) {
        assert.ok(byId.has(reference), `${object.id} points at ${reference}, which the pack lacks`);
      }
    }
  });

  it('gives each object a distinct id, the same on every build', () => {
    assert.equal(byId.size, objects.length);
    assert.equal(JSON.stringify(buildDreamjobPack()), JSON.stringify(objects));
    assert.equal(JSON.stringify(DREAMJOB_PACK.objects()), JSON.stringify(objects));
  });

  it('records its content for the PACK_MODIFIED it carries', () => {
    const sha256 = createHash('sha256').update(JSON.stringify(objects)).digest('hex');
    assert.equal(PACK_MODIFIED, RELEASED.modified, 'record the new PACK_MODIFIED and digest in RELEASED');
    assert.equal(
      sha256,
      RELEASED.sha256,
      'the pack changed: move PACK_MODIFIED in ids.ts forward, then record it and this digest in RELEASED',
    );
  });

  it('marks everything TLP:CLEAR, authored by the pack identity, citing its sources', () => {
    const [author] = ofType('identity');
    assert.ok(author !== undefined);
    assert.ok(byId.get(TLP_CLEAR.id) !== undefined);
    for (const object of objects) {
      if (object.type === 'marking-definition') continue;
      assert.deepEqual(object.object_marking_refs, [TLP_CLEAR.id], object.id);
      if (object === author) continue;
      assert.equal(object.created_by_ref, author.id, object.id);
      assert.ok(
        Array.isArray(object.external_references) && object.external_references.length > 0,
        object.id,
      );
    }
  });

  it('gives every indicator a STIX pattern, a start of validity and kill-chain phases', () => {
    for (const indicator of ofType('indicator')) {
      assert.equal(indicator.pattern_type, 'stix');
      assert.match(String(indicator.valid_from), /^\d{4}-\d\d-\d\dT/);
      const phases = indicator.kill_chain_phases as { kill_chain_name: string }[];
      assert.ok(phases.length > 0 && phases.every((phase) => phase.kill_chain_name === 'mitre-attack'));
      assert.ok(
        (indicator.external_references as { source_name: string }[]).some(
          (ref) => ref.source_name === 'ESET',
        ) ||
          indicator.name === 'RAR archive created, then Dropbox upload API contacted within thirty minutes',
        `${String(indicator.name)} cites no ESET publication`,
      );
    }
  });

  it('ties the campaign to the group and every indicator to what it indicates', () => {
    const relationships = ofType('relationship');
    const [campaign] = ofType('campaign');
    const [group] = ofType('intrusion-set');
    assert.ok(
      relationships.some(
        (r) =>
          r.relationship_type === 'attributed-to' &&
          r.source_ref === campaign?.id &&
          r.target_ref === group?.id,
      ),
    );
    for (const indicator of ofType('indicator')) {
      assert.ok(
        relationships.some((r) => r.relationship_type === 'indicates' && r.source_ref === indicator.id),
        `${String(indicator.name)} indicates nothing`,
      );
    }
    for (const malware of ofType('malware')) {
      assert.ok(
        relationships.some((r) => r.relationship_type === 'uses' && r.target_ref === malware.id),
        `nothing uses ${String(malware.name)}`,
      );
    }
  });

  it('holds ScoringMathTea without inventing IoCs for it', () => {
    const scoringMathTea = ofType('malware').find((malware) => malware.name === 'ScoringMathTea');
    assert.ok(scoringMathTea !== undefined);
    assert.match(String(scoringMathTea.description), /IoCs are not in this pack/);
    assert.ok(
      !ofType('relationship').some(
        (r) => r.relationship_type === 'indicates' && r.target_ref === scoringMathTea.id,
      ),
    );
  });
});
