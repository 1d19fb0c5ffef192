// The ATT&CK facts of attack.ts against the ATT&CK data they were taken from.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  CAMPAIGN_TECHNIQUES,
  GROUP_TECHNIQUES_SEEN_IN_DREAMJOB,
  LAZARUS_GROUP,
  OPERATION_DREAM_JOB,
  RESPONDER,
  SOFTWARE_TECHNIQUES,
  TECHNIQUES,
} from './attack.js';
import { buildDreamjobPack } from './build.js';
import { FAMILIES } from './malware.js';

interface AttackObject {
  type: string;
  id: string;
  name?: string;
  aliases?: string[];
  first_seen?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  relationship_type?: string;
  source_ref?: string;
  target_ref?: string;
  external_references?: { source_name: string; external_id?: string }[];
  kill_chain_phases?: { kill_chain_name: string; phase_name: string }[];
}

function readBundle(name: string): AttackObject[] {
  const file = path.resolve('../shared/intel/attack', name);
  return (JSON.parse(readFileSync(file, 'utf8')) as { objects: AttackObject[] }).objects;
}

function attackId(object: AttackObject): string | undefined {
  return object.external_references?.find((ref) => ref.source_name === 'mitre-attack')?.external_id;
}

const full = readBundle('enterprise-attack-18.1-rebuilt-from-mitre-cti.json');
const live = full.filter((object) => object.revoked !== true && object.x_mitre_deprecated !== true);
const byAttackId = new Map(
  live.filter((o) => attackId(o) !== undefined).map((o) => [attackId(o) as string, o]),
);
const byId = new Map(full.map((object) => [object.id, object]));

/** The ATT&CK ids a group, campaign or piece of software `uses`, per ATT&CK's relationships. */
function usedBy(externalId: string, targetType: string): string[] {
  const source = byAttackId.get(externalId);
  assert.ok(source !== undefined, `no ${externalId} in ATT&CK`);
  return live
    .filter((r) => r.type === 'relationship' && r.relationship_type === 'uses' && r.source_ref === source.id)
    .map((r) => byId.get(r.target_ref as string) as AttackObject)
    .filter(
      (target) => target.type === targetType && target.revoked !== true && target.x_mitre_deprecated !== true,
    )
    .map((target) => attackId(target) as string)
    .sort();
}

describe('ATT&CK facts of the DreamJob pack', () => {
  it('names each technique and its tactics as ATT&CK does', () => {
    for (const technique of TECHNIQUES) {
      const object = byAttackId.get(technique.id);
      assert.ok(object?.type === 'attack-pattern', `${technique.id} is not a live ATT&CK technique`);
      const [parentId] = technique.id.split('.');
      const name =
        parentId === technique.id
          ? object.name
          : `${byAttackId.get(parentId as string)?.name}: ${object.name}`;
      assert.equal(technique.name, name);
      assert.deepEqual(
        [...technique.tactics].sort(),
        (object.kill_chain_phases ?? []).map((phase) => phase.phase_name).sort(),
        technique.id,
      );
    }
  });

  it('has exactly the techniques ATT&CK gives C0022, Torisma and DRATzarus', () => {
    assert.deepEqual([...CAMPAIGN_TECHNIQUES].sort(), usedBy(OPERATION_DREAM_JOB.attackId, 'attack-pattern'));
    for (const [software, techniques] of Object.entries(SOFTWARE_TECHNIQUES)) {
      assert.deepEqual([...techniques].sort(), usedBy(software, 'attack-pattern'), software);
    }
  });

  it('adds only group techniques that C0022 lacks', () => {
    const group = usedBy(LAZARUS_GROUP.attackId, 'attack-pattern');
    for (const id of GROUP_TECHNIQUES_SEEN_IN_DREAMJOB) {
      assert.ok(group.includes(id), `${LAZARUS_GROUP.attackId} does not use ${id}`);
      assert.ok(!CAMPAIGN_TECHNIQUES.includes(id), `${id} is already the campaign's`);
    }
  });

  it('takes names, aliases and the first sighting of G0032 and C0022, and C0022 software', () => {
    const group = byAttackId.get(LAZARUS_GROUP.attackId);
    assert.equal(group?.name, LAZARUS_GROUP.name);
    assert.deepEqual(
      [...LAZARUS_GROUP.aliases].sort(),
      (group?.aliases ?? []).filter((alias) => alias !== group?.name).sort(),
    );
    const campaign = byAttackId.get(OPERATION_DREAM_JOB.attackId);
    assert.deepEqual([...OPERATION_DREAM_JOB.aliases].sort(), [...(campaign?.aliases ?? [])].sort());
    assert.equal(OPERATION_DREAM_JOB.firstSeen, campaign?.first_seen);
    assert.deepEqual(usedBy(OPERATION_DREAM_JOB.attackId, 'tool'), [RESPONDER.attackId]);
    assert.deepEqual(
      usedBy(OPERATION_DREAM_JOB.attackId, 'malware'),
      Object.keys(SOFTWARE_TECHNIQUES).sort(),
    );
    assert.equal(byAttackId.get(RESPONDER.attackId)?.name, RESPONDER.name);
    for (const family of FAMILIES.filter((item) => item.attackId !== undefined)) {
      assert.equal(byAttackId.get(family.attackId as string)?.name, family.name);
    }
  });

  it('holds one attack-pattern per technique, citing ATT&CK by id', () => {
    const patterns = buildDreamjobPack().filter((object) => object.type === 'attack-pattern');
    assert.deepEqual(
      patterns
        .map((pattern) => (pattern.external_references as { external_id: string }[])[0]?.external_id)
        .sort(),
      TECHNIQUES.map((technique) => technique.id).sort(),
    );
  });
});
