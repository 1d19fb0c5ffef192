// Assembles the DreamJob pack from the tables: the author identity and markings, the group, the
// campaign, its tool and malware families, the ATT&CK techniques, one indicator per IoC value and
// per behaviour, one report per ESET publication, and the relationships between them. A pure
// function of the tables: building twice gives the same objects, byte for byte.

import type { StixObject } from '../../stix/object.js';
import { TLP_CLEAR } from '../../stix/tlp.js';
import type {
  AttackPattern,
  Campaign,
  ExternalReference,
  Identity,
  Indicator,
  IntrusionSet,
  KillChainPhase,
  Malware,
  Relationship,
  Report,
  Tool,
} from '../../stix/types.js';
import {
  CAMPAIGN_TECHNIQUES,
  GROUP_TECHNIQUES_SEEN_IN_DREAMJOB,
  LAZARUS_GROUP,
  OPERATION_DREAM_JOB,
  RESPONDER,
  SOFTWARE_TECHNIQUES,
  type Tactic,
  TECHNIQUES,
} from './attack.js';
import { BEHAVIOURS } from './behaviour.js';
import { PACK_CREATED, PACK_MODIFIED, packId } from './ids.js';
import { type IocIndicator, iocIndicators } from './indicators.js';
import { IOC_TABLES } from './iocs/index.js';
import { FAMILIES, type Family, type MalwareKey } from './malware.js';
import {
  attackReference,
  PUBLICATION_ORDER,
  PUBLICATIONS,
  type PublicationKey,
  publicationReferences,
} from './sources.js';

const AUTHOR: Identity = {
  type: 'identity',
  spec_version: '2.1',
  id: packId('identity', 'dreamcatcher'),
  created: PACK_CREATED,
  modified: PACK_MODIFIED,
  name: 'dreamcatcher',
  description:
    'The dreamcatcher project, which writes and ships the knowledge packs loaded with the platform.',
  identity_class: 'organization',
  object_marking_refs: [TLP_CLEAR.id],
};

/** The properties every SDO and SRO of the pack shares. */
function common(type: string, key: string, references: readonly ExternalReference[]) {
  return {
    spec_version: '2.1' as const,
    id: packId(type, key),
    created: PACK_CREATED,
    modified: PACK_MODIFIED,
    created_by_ref: AUTHOR.id,
    external_references: [...references],
    object_marking_refs: [TLP_CLEAR.id],
  };
}

function phases(tactics: readonly Tactic[]): KillChainPhase[] {
  return tactics.map((phase_name) => ({ kill_chain_name: 'mitre-attack', phase_name }));
}

const INTRUSION_SET: IntrusionSet = {
  type: 'intrusion-set',
  ...common('intrusion-set', LAZARUS_GROUP.attackId, [
    attackReference(LAZARUS_GROUP.attackId),
    ...PUBLICATION_ORDER.flatMap((key) => publicationReferences(key).slice(0, 1)),
  ]),
  name: LAZARUS_GROUP.name,
  description:
    'A North Korean state-sponsored threat group, which ATT&CK links to the Reconnaissance General Bureau and describes as active since at least 2009; public reporting holds it responsible for, among much else, the destructive 2014 attack on Sony Pictures Entertainment. ESET attributes the DreamJob intrusions in this pack to it, and reports them under the name Lazarus.',
  aliases: [...LAZARUS_GROUP.aliases],
  resource_level: 'government',
};

const CAMPAIGN: Campaign = {
  type: 'campaign',
  ...common('campaign', OPERATION_DREAM_JOB.attackId, [
    attackReference(OPERATION_DREAM_JOB.attackId),
    ...PUBLICATION_ORDER.flatMap((key) => publicationReferences(key).slice(0, 1)),
  ]),
  name: 'Operation DreamJob',
  description:
    "Lazarus Group's long-running espionage campaign against people in aerospace, defence and other engineering companies. The attackers pose as recruiters (on LinkedIn among others), offer a dream job, and deliver malware through what the hiring process seems to need: a job description, a document to fill in, a coding test. ATT&CK's entry (C0022) joins Operation Dream Job, Operation North Star and Operation In(ter)ception and spans September 2019 to August 2020; ESET's reports show the same approach again in 2020 and 2021, in 2022 with Amazon-themed lures, in 2023 against Linux users and a Spanish aerospace company, and in 2025 against the UAV sector. The campaign's last sighting is therefore left open here.",
  // ESET spells the 2020 operation In(ter)ception; ATT&CK writes Interception.
  aliases: [...OPERATION_DREAM_JOB.aliases, 'Operation In(ter)ception'],
  first_seen: OPERATION_DREAM_JOB.firstSeen,
};

const TOOL: Tool = {
  type: 'tool',
  ...common('tool', RESPONDER.attackId, [attackReference(RESPONDER.attackId)]),
  name: RESPONDER.name,
  description:
    'An open-source tool that answers LLMNR, NBT-NS and mDNS name queries on a local network and runs rogue authentication servers, to capture the credentials of machines that connect to it. ATT&CK lists it for Operation Dream Job.',
  tool_types: ['credential-exploitation'],
};

function malwareObject(family: Family): Malware {
  return {
    type: 'malware',
    ...common('malware', family.name, family.references),
    name: family.name,
    description: family.description,
    malware_types: [...family.malwareTypes],
    is_family: true,
    ...(family.architectures === undefined ? {} : { architecture_execution_envs: [...family.architectures] }),
  };
}

function attackPattern(id: string): AttackPattern {
  const technique = TECHNIQUES.find((candidate) => candidate.id === id);
  if (technique === undefined) throw new Error(`no technique ${id} in attack.ts`);
  return {
    type: 'attack-pattern',
    ...common('attack-pattern', technique.id, [attackReference(technique.id)]),
    name: technique.name,
    kill_chain_phases: phases(technique.tactics),
  };
}

function iocIndicatorObject(indicator: IocIndicator): Indicator {
  const first = indicator.publications[0] as PublicationKey;
  return {
    type: 'indicator',
    ...common('indicator', indicator.key, indicator.publications.flatMap(publicationReferences)),
    name: indicator.name,
    description: indicator.description,
    indicator_types: indicator.indicatorTypes,
    pattern: indicator.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: PUBLICATIONS[first].published,
    kill_chain_phases: phases(indicator.tactics),
  };
}

function relationship(
  type: 'uses' | 'attributed-to' | 'indicates',
  source: StixObject,
  target: StixObject,
  references: readonly ExternalReference[],
  description?: string,
): Relationship {
  return {
    type: 'relationship',
    ...common('relationship', `${type}:${source.id}:${target.id}`, references),
    relationship_type: type,
    ...(description === undefined ? {} : { description }),
    source_ref: source.id,
    target_ref: target.id,
  };
}

/** Every object of the pack, in a fixed order: meta objects, SDOs, then relationships. */
export function buildDreamjobPack(): StixObject[] {
  const malware = new Map<MalwareKey, Malware>(FAMILIES.map((family) => [family.key, malwareObject(family)]));
  const malwareOf = (key: MalwareKey): Malware => malware.get(key) as Malware;

  const techniqueIds = new Set<string>([
    ...CAMPAIGN_TECHNIQUES,
    ...GROUP_TECHNIQUES_SEEN_IN_DREAMJOB,
    ...Object.values(SOFTWARE_TECHNIQUES).flat(),
    ...FAMILIES.flatMap((family) => (family.esetUses ?? []).map((use) => use.technique)),
    ...BEHAVIOURS.flatMap((behaviour) => behaviour.techniques),
  ]);
  const attackPatterns = new Map(
    [...techniqueIds].sort(compareTechniqueIds).map((id) => [id, attackPattern(id)] as const),
  );
  const patternOf = (id: string): AttackPattern => attackPatterns.get(id) as AttackPattern;

  const iocs = iocIndicators(IOC_TABLES);
  const iocObjects = iocs.map(iocIndicatorObject);
  const behaviourObjects: Indicator[] = BEHAVIOURS.map((behaviour) => ({
    type: 'indicator',
    ...common('indicator', behaviour.key, behaviourReferences(behaviour.publications, behaviour.techniques)),
    name: behaviour.name,
    description: behaviour.description,
    indicator_types: [...behaviour.indicatorTypes],
    pattern: behaviour.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: behaviour.validFrom,
    kill_chain_phases: phases(behaviour.tactics),
  }));

  const relationships: Relationship[] = [];
  const c0022 = [attackReference(OPERATION_DREAM_JOB.attackId)];
  relationships.push(relationship('attributed-to', CAMPAIGN, INTRUSION_SET, c0022));
  for (const id of CAMPAIGN_TECHNIQUES)
    relationships.push(relationship('uses', CAMPAIGN, patternOf(id), c0022));
  relationships.push(relationship('uses', CAMPAIGN, TOOL, c0022));
  for (const id of GROUP_TECHNIQUES_SEEN_IN_DREAMJOB) {
    relationships.push(
      relationship('uses', INTRUSION_SET, patternOf(id), [
        attackReference(LAZARUS_GROUP.attackId),
        ...publicationReferences('interception-2020'),
        ...publicationReferences('spanish-aerospace-2023'),
      ]),
    );
  }
  for (const family of FAMILIES) {
    const object = malwareOf(family.key);
    if (family.inCampaign) {
      const references = family.attackId === undefined ? family.references : c0022;
      relationships.push(relationship('uses', CAMPAIGN, object, references));
    } else {
      relationships.push(relationship('uses', INTRUSION_SET, object, family.references));
    }
    if (family.attackId !== undefined) {
      const references = [attackReference(family.attackId)];
      for (const id of SOFTWARE_TECHNIQUES[family.attackId]) {
        relationships.push(relationship('uses', object, patternOf(id), references));
      }
    }
    const references =
      family.publication === undefined ? family.references : publicationReferences(family.publication);
    for (const use of family.esetUses ?? []) {
      relationships.push(relationship('uses', object, patternOf(use.technique), references, use.description));
    }
  }
  iocs.forEach((indicator, index) => {
    const object = iocObjects[index] as Indicator;
    const references = object.external_references ?? [];
    const families = indicator.families.map((key) => FAMILIES.find((family) => family.key === key) as Family);
    // What a value outside the campaign (BADCALL for Linux) still shows is the group.
    const campaignWide = families.length === 0 || families.some((family) => family.inCampaign);
    relationships.push(
      relationship('indicates', object, campaignWide ? CAMPAIGN : INTRUSION_SET, references),
    );
    for (const family of families)
      relationships.push(relationship('indicates', object, malwareOf(family.key), references));
  });
  BEHAVIOURS.forEach((behaviour, index) => {
    const object = behaviourObjects[index] as Indicator;
    const references = object.external_references ?? [];
    relationships.push(relationship('indicates', object, CAMPAIGN, references));
    for (const id of behaviour.techniques)
      relationships.push(relationship('indicates', object, patternOf(id), references));
    for (const key of behaviour.families)
      relationships.push(relationship('indicates', object, malwareOf(key), references));
  });

  const reports = PUBLICATION_ORDER.map((key) => {
    const publication = PUBLICATIONS[key];
    const indicators = iocObjects.filter((_, index) => iocs[index]?.publications.includes(key));
    const families = FAMILIES.filter((family) => family.publication === key).map((family) =>
      malwareOf(family.key),
    );
    const report: Report = {
      type: 'report',
      ...common('report', key, publicationReferences(key)),
      name: `ESET: ${publication.title}`,
      description: `What this pack takes from ESET's publication of ${publication.published.slice(0, 10)}: ${indicators.length} indicators${families.length === 0 ? '' : ` and the malware ${families.map((family) => family.name).join(', ')}`}, tied to Operation DreamJob and Lazarus Group.`,
      report_types: ['threat-report'],
      published: publication.published,
      object_refs: [
        CAMPAIGN.id,
        INTRUSION_SET.id,
        ...families.map((family) => family.id),
        ...indicators.map((i) => i.id),
      ],
    };
    return report;
  });

  return [
    AUTHOR,
    TLP_CLEAR,
    INTRUSION_SET,
    CAMPAIGN,
    TOOL,
    ...malware.values(),
    ...attackPatterns.values(),
    ...iocObjects,
    ...behaviourObjects,
    ...reports,
    ...relationships,
  ];
}

function behaviourReferences(publications: readonly PublicationKey[], techniques: readonly string[]) {
  return [...publications.flatMap(publicationReferences), ...techniques.map(attackReference)];
}

/** T1005 before T1014 before T1027 before T1027.002: numeric, sub-techniques after their parent. */
function compareTechniqueIds(a: string, b: string): number {
  const [aMain = 0, aSub = 0] = a.slice(1).split('.').map(Number);
  const [bMain = 0, bSub = 0] = b.slice(1).split('.').map(Number);
  return aMain - bMain || aSub - bSub;
}
