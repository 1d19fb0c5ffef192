import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TLP1_WHITE } from './tlp.js';
import { isStix20, type UpgradeResult, upgradeFrom20 } from './upgrade.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/** Upgrades a frozen copy, so that any write to the input throws, and checks the input is unchanged. */
function upgrade(input: Record<string, unknown>): UpgradeResult {
  const before = structuredClone(input);
  const result = upgradeFrom20(deepFreeze(input));
  assert.deepEqual(input, before);
  return result;
}

function upgraded(input: Record<string, unknown>): Record<string, unknown> {
  const result = upgrade(input);
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.object;
}

function reason(input: unknown): string {
  const result = upgradeFrom20(input);
  assert.equal(result.ok, false);
  return result.ok ? '' : result.reason;
}

const MITRE = 'identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5';
const MITRE_COPYRIGHT = 'marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168';

// Shaped like MITRE's 2.0 enterprise-attack objects: no spec_version, no is_family.
const attackPattern = () => ({
  type: 'attack-pattern',
  id: 'attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298',
  created: '2020-01-14T17:18:32.126Z',
  created_by_ref: MITRE,
  external_references: [
    {
      source_name: 'mitre-attack',
      url: 'https://attack.mitre.org/techniques/T1055/011',
      external_id: 'T1055.011',
    },
  ],
  object_marking_refs: [MITRE_COPYRIGHT],
  modified: '2025-04-18T17:59:34.742Z',
  name: 'Extra Window Memory Injection',
  kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: 'defense-evasion' }],
  x_mitre_platforms: ['Windows'],
  x_mitre_version: '1.1',
});

const mitreMalware = () => ({
  type: 'malware',
  id: 'malware--007b44b6-e4c5-480b-b5b9-56f2081b1b7b',
  created: '2017-05-31T21:32:40.801Z',
  created_by_ref: MITRE,
  revoked: false,
  object_marking_refs: [MITRE_COPYRIGHT],
  modified: '2025-04-25T14:44:34.372Z',
  name: 'WinMM',
  labels: ['malware'],
  x_mitre_aliases: ['WinMM'],
  x_mitre_platforms: ['Windows'],
});

// The indicator example of STIX 2.0 part 2 section 2.5.
const indicator20 = () => ({
  type: 'indicator',
  id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
  created_by_ref: 'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
  created: '2016-04-06T20:03:48.000Z',
  modified: '2016-04-06T20:03:48.000Z',
  labels: ['malicious-activity'],
  name: 'Poison Ivy Malware',
  description: 'This file is part of Poison Ivy',
  pattern: "[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]",
  valid_from: '2016-01-01T00:00:00Z',
});

describe('isStix20', () => {
  it('recognises 2.0 objects by their missing spec_version, whatever their type', () => {
    assert.equal(isStix20(attackPattern()), true);
    assert.equal(
      isStix20({ type: 'x-mitre-tactic', id: 'x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263' }),
      true,
    );
    assert.equal(isStix20({ ...indicator20(), spec_version: '2.0' }), true);
  });

  it('does not take 2.1 objects for 2.0', () => {
    assert.equal(isStix20({ ...attackPattern(), spec_version: '2.1' }), false);
    assert.equal(
      isStix20({
        type: 'ipv4-addr',
        id: 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
        value: '198.51.100.3',
      }),
      false,
    );
  });

  it('tells a 2.0 bundle (spec_version "2.0") from a 2.1 one (none)', () => {
    assert.equal(
      isStix20({ type: 'bundle', id: 'bundle--f401c0fc-0e55-46fb-8a3a-64487c37d6f7', spec_version: '2.0' }),
      true,
    );
    assert.equal(isStix20({ type: 'bundle', id: 'bundle--f401c0fc-0e55-46fb-8a3a-64487c37d6f7' }), false);
  });

  it('says no to what is not a STIX object', () => {
    for (const value of [null, 'indicator', [], {}, { type: 7 }]) assert.equal(isStix20(value), false);
  });
});

describe('upgradeFrom20: what changes', () => {
  it('adds spec_version "2.1" after type and keeps every other property as it was', () => {
    const input = attackPattern();
    const result = upgraded(input);
    assert.deepEqual(result, { ...input, spec_version: '2.1' });
    assert.deepEqual(Object.keys(result).slice(0, 3), ['type', 'spec_version', 'id']);
    assert.equal(isStix20(result), false);
  });

  it('replaces spec_version "2.0" written on an object', () => {
    assert.equal(upgraded({ ...attackPattern(), spec_version: '2.0' }).spec_version, '2.1');
  });

  it('adds spec_version to SROs and custom objects alike', () => {
    const relationship = {
      type: 'relationship',
      id: 'relationship--00038d0e-7fc7-41c3-9055-edb4d87ea912',
      created: '2021-04-27T01:56:35.810Z',
      modified: '2025-04-28T15:31:30.051Z',
      relationship_type: 'uses',
      source_ref: 'malware--007b44b6-e4c5-480b-b5b9-56f2081b1b7b',
      target_ref: 'attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298',
    };
    assert.deepEqual(upgraded(relationship), { ...relationship, spec_version: '2.1' });
    const tactic = {
      type: 'x-mitre-tactic',
      id: 'x-mitre-tactic--2558fd61-8c75-4730-94c4-11926db2a263',
      created: '2018-10-17T00:14:20.652Z',
      modified: '2025-04-25T14:45:32.408Z',
      name: 'Credential Access',
      x_mitre_shortname: 'credential-access',
    };
    assert.deepEqual(upgraded(tactic), { ...tactic, spec_version: '2.1' });
  });

  it('treats a custom type named like an Object.prototype member as any other custom object', () => {
    const odd = {
      type: 'constructor',
      id: 'constructor--2558fd61-8c75-4730-94c4-11926db2a263',
      created: '2018-10-17T00:14:20.652Z',
      modified: '2018-10-17T00:14:20.652Z',
      labels: ['x'],
    };
    assert.deepEqual(upgraded(odd), { ...odd, spec_version: '2.1' });
  });

  it('marks malware as a family and keeps a label outside malware-type-ov as a label', () => {
    const result = upgraded(mitreMalware());
    assert.equal(result.is_family, true);
    assert.deepEqual(result.labels, ['malware']);
    assert.equal(result.malware_types, undefined);
  });

  it('leaves an is_family the 2.0 producer already wrote', () => {
    assert.equal(upgraded({ ...mitreMalware(), is_family: false }).is_family, false);
  });

  it('moves malware labels that are malware-type-ov values to malware_types, once each', () => {
    const result = upgraded({ ...mitreMalware(), labels: ['ransomware', 'malware', 'worm', 'ransomware'] });
    assert.deepEqual(result.malware_types, ['ransomware', 'worm']);
    assert.deepEqual(result.labels, ['malware']);
  });

  it('turns a 2.0 indicator into a 2.1 one: indicator_types, pattern_type stix, pattern_version 2.0', () => {
    const input = indicator20();
    const { labels: _labels, ...unlabelled } = input;
    assert.deepEqual(upgraded(input), {
      ...unlabelled,
      spec_version: '2.1',
      indicator_types: ['malicious-activity'],
      pattern_type: 'stix',
      pattern_version: '2.0',
    });
  });

  it('leaves a pattern_type the producer wrote, and then claims no pattern_version', () => {
    const result = upgraded({
      ...indicator20(),
      pattern_type: 'snort',
      pattern: 'alert tcp any any -> any 80',
    });
    assert.equal(result.pattern_type, 'snort');
    assert.equal(result.pattern_version, undefined);
  });

  it('moves tool, threat-actor and report labels to their 2.1 vocabularies', () => {
    const common = { created: '2017-05-31T21:32:40.801Z', modified: '2017-05-31T21:32:40.801Z' };
    const tool = upgraded({
      ...common,
      type: 'tool',
      id: 'tool--03342581-f790-4f03-ba41-e82e67392e23',
      name: 'Net',
      labels: ['remote-access', 'tool'],
    });
    assert.deepEqual([tool.tool_types, tool.labels], [['remote-access'], ['tool']]);
    const actor = upgraded({
      ...common,
      type: 'threat-actor',
      id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
      name: 'Evil Org',
      labels: ['crime-syndicate'],
    });
    assert.deepEqual([actor.threat_actor_types, actor.labels], [['crime-syndicate'], undefined]);
    const report = upgraded({
      ...common,
      type: 'report',
      id: 'report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3',
      name: 'The Black Vine Cyberespionage Group',
      published: '2016-01-20T17:00:00.000Z',
      object_refs: ['indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'],
      labels: ['campaign'],
    });
    assert.deepEqual(report.report_types, ['campaign']);
  });

  it('does not merge labels into a *_types property the producer already wrote', () => {
    const result = upgraded({ ...mitreMalware(), labels: ['worm'], malware_types: ['bot'] });
    assert.deepEqual([result.malware_types, result.labels], [['bot'], ['worm']]);
  });

  it('returns a copy that shares nothing with the input', () => {
    const input = attackPattern();
    const result = upgraded(input);
    const [phase] = result.kill_chain_phases as { phase_name: string }[];
    assert.ok(phase);
    phase.phase_name = 'persistence';
    assert.equal(input.kill_chain_phases[0]?.phase_name, 'defense-evasion');
  });
});

describe('upgradeFrom20: what stays', () => {
  it('keeps an identity with its 2.0 identity_class', () => {
    const identity = {
      type: 'identity',
      id: MITRE,
      created: '2017-06-01T00:00:00.000Z',
      modified: '2025-03-19T15:00:40.855Z',
      name: 'The MITRE Corporation',
      identity_class: 'organization',
    };
    assert.deepEqual(upgraded(identity), { ...identity, spec_version: '2.1' });
  });

  it('keeps observed-data with its 2.0 objects dictionary, references local to it', () => {
    const observed = {
      type: 'observed-data',
      id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
      created: '2016-04-06T19:58:16.000Z',
      modified: '2016-04-06T19:58:16.000Z',
      first_observed: '2015-12-21T19:00:00Z',
      last_observed: '2015-12-21T19:00:00Z',
      number_observed: 50,
      objects: {
        '0': { type: 'ipv4-addr', value: '198.51.100.2' },
        '1': { type: 'network-traffic', dst_ref: '0', protocols: ['tcp'] },
      },
    };
    assert.deepEqual(upgraded(observed), { ...observed, spec_version: '2.1' });
  });

  it('keeps a 2.0 statement marking definition, which needs only spec_version', () => {
    const statement = {
      type: 'marking-definition',
      id: MITRE_COPYRIGHT,
      created: '2017-06-01T00:00:00.000Z',
      created_by_ref: MITRE,
      definition_type: 'statement',
      definition: { statement: 'Copyright 2015-2025, The MITRE Corporation.' },
    };
    assert.deepEqual(upgraded(statement), { ...statement, spec_version: '2.1' });
  });

  it('gives the 2.0 TLP:WHITE marking its 2.1 form, name included', () => {
    const white20 = {
      type: 'marking-definition',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'white' },
    };
    const result = upgraded(white20);
    assert.deepEqual(result, TLP1_WHITE);
    assert.equal(Object.isFrozen(result), false);
  });
});

describe('upgradeFrom20: what cannot be upgraded', () => {
  it('refuses what is not a STIX object', () => {
    assert.match(reason('indicator'), /not a STIX object/);
    assert.match(reason({ id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }), /not a STIX object/);
  });

  it('refuses a bundle, whose objects are upgraded one by one', () => {
    assert.match(
      reason({
        type: 'bundle',
        id: 'bundle--f401c0fc-0e55-46fb-8a3a-64487c37d6f7',
        spec_version: '2.0',
        objects: [],
      }),
      /upgrade each of its objects/,
    );
  });

  it('refuses 2.1 content', () => {
    assert.equal(
      reason({ ...attackPattern(), spec_version: '2.1' }),
      'spec_version is "2.1", so this is not STIX 2.0 content',
    );
    assert.match(
      reason({ type: 'file', id: 'file--949eb97a-da1e-5292-8959-03c4249dc9f3', name: 'foo.dll' }),
      /top-level file is STIX 2.1 content/,
    );
  });

  it('refuses an id that is not type--UUID or names another type', () => {
    assert.match(
      reason({ ...attackPattern(), id: 'attack-pattern--T1055' }),
      /is not "attack-pattern--" followed by an RFC 4122 UUID/,
    );
    assert.match(
      reason({ ...attackPattern(), id: 'malware--007b44b6-e4c5-480b-b5b9-56f2081b1b7b' }),
      /is not "attack-pattern--"/,
    );
  });

  it('refuses an SDO without created or modified, and a marking definition without created', () => {
    const { modified: _modified, created: _created, ...undated } = attackPattern();
    assert.equal(
      reason(undated),
      'attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298 has no created and no modified, which 2.1 requires and 2.0 content cannot supply',
    );
    assert.match(
      reason({
        type: 'marking-definition',
        id: MITRE_COPYRIGHT,
        definition_type: 'statement',
        definition: { statement: 'x' },
      }),
      /has no created,/,
    );
  });

  it('refuses an indicator without a pattern, whose pattern_type nothing could tell', () => {
    const { pattern: _pattern, ...patternless } = indicator20();
    assert.match(
      reason(patternless),
      /indicator indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f has no pattern/,
    );
  });

  it('refuses malware without a name, which 2.1 requires of the family it becomes', () => {
    const { name: _name, ...nameless } = mitreMalware();
    assert.match(reason(nameless), /has no name, which 2.1 requires of a malware family/);
  });

  it('refuses observed-data with neither objects nor object_refs', () => {
    const observed = {
      type: 'observed-data',
      id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
      created: '2016-04-06T19:58:16.000Z',
      modified: '2016-04-06T19:58:16.000Z',
      first_observed: '2015-12-21T19:00:00Z',
      last_observed: '2015-12-21T19:00:00Z',
      number_observed: 1,
    };
    assert.match(reason(observed), /has neither objects nor object_refs/);
  });

  it('refuses a marking definition without a definition', () => {
    assert.match(
      reason({
        type: 'marking-definition',
        id: MITRE_COPYRIGHT,
        created: '2017-06-01T00:00:00.000Z',
        definition_type: 'statement',
      }),
      /needs definition_type and definition/,
    );
  });

  it('refuses a marking that takes a TLP id but defines another level', () => {
    const forged = {
      type: 'marking-definition',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'red' },
    };
    assert.equal(
      reason(forged),
      'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9 is the TLP:WHITE marking but does not define tlp "white"',
    );
  });
});
