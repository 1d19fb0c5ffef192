// Traffic Light Protocol markings. Both generations have fixed, published marking-definition objects
// that everyone references by id, so they are constants here, byte for byte as published:
// - TLP 2.0: the OASIS "TLP 2.0 marking definition" extension (cti-stix-common-objects,
//   extension-definition-specifications/tlp-2.0), a property-extension whose objects name the level
//   in `tlp_2_0`.
// - TLP 1.0: the four objects STIX 2.1 section 7.2.1.4 predefines ("the only instances of TLP marking
//   definitions permitted"), with definition_type "tlp".

import type { StixObject } from './object.js';

export type TlpLevel = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** The extension definition every TLP 2.0 marking carries in its `extensions`. */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

function tlp2Marking(id: string, name: string, level: TlpLevel): StixObject {
  return deepFreeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    name,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  });
}

function tlp1Marking(id: string, name: string, tlp: string): StixObject {
  return deepFreeze({
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name,
    definition: { tlp },
  });
}

export const TLP_CLEAR = tlp2Marking(
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  'TLP:CLEAR',
  'clear',
);
export const TLP_GREEN = tlp2Marking(
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  'TLP:GREEN',
  'green',
);
export const TLP_AMBER = tlp2Marking(
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'TLP:AMBER',
  'amber',
);
export const TLP_AMBER_STRICT = tlp2Marking(
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  'TLP:AMBER+STRICT',
  'amber+strict',
);
export const TLP_RED = tlp2Marking(
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
  'TLP:RED',
  'red',
);

export const TLP1_WHITE = tlp1Marking(
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  'TLP:WHITE',
  'white',
);
export const TLP1_GREEN = tlp1Marking(
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  'TLP:GREEN',
  'green',
);
export const TLP1_AMBER = tlp1Marking(
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  'TLP:AMBER',
  'amber',
);
export const TLP1_RED = tlp1Marking(
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
  'TLP:RED',
  'red',
);

/** The TLP 2.0 marking for each level. */
export const TLP2_MARKINGS: Readonly<Record<TlpLevel, StixObject>> = Object.freeze({
  clear: TLP_CLEAR,
  green: TLP_GREEN,
  amber: TLP_AMBER,
  'amber+strict': TLP_AMBER_STRICT,
  red: TLP_RED,
});

// TLP 1.0 WHITE and TLP 2.0 CLEAR mean the same thing (disclosure is not limited), as FIRST's TLP 2.0
// renamed the level; the other three 1.0 levels keep their names.
const LEVEL_BY_ID: ReadonlyMap<string, TlpLevel> = new Map<string, TlpLevel>([
  ...Object.entries(TLP2_MARKINGS).map(([level, marking]) => [marking.id, level as TlpLevel] as const),
  [TLP1_WHITE.id, 'clear'],
  [TLP1_GREEN.id, 'green'],
  [TLP1_AMBER.id, 'amber'],
  [TLP1_RED.id, 'red'],
]);

const MARKING_BY_ID: ReadonlyMap<string, StixObject> = new Map(
  [...Object.values(TLP2_MARKINGS), TLP1_WHITE, TLP1_GREEN, TLP1_AMBER, TLP1_RED].map((marking) => [
    marking.id,
    marking,
  ]),
);

/** The published TLP marking-definition with this id (TLP 2.0 or 1.0), or undefined. */
export function tlpMarking(markingId: string): StixObject | undefined {
  return MARKING_BY_ID.get(markingId);
}

/** The TLP level a marking-definition id stands for, with TLP 1.0 WHITE read as CLEAR; undefined for other ids. */
export function tlpLevel(markingId: string): TlpLevel | undefined {
  return LEVEL_BY_ID.get(markingId);
}

/** Levels from the widest audience to the narrowest: a higher rank may be seen by fewer. */
export const TLP_RANK: Readonly<Record<TlpLevel, number>> = Object.freeze({
  clear: 0,
  green: 1,
  amber: 2,
  'amber+strict': 3,
  red: 4,
});

const LEVEL_BY_RANK: readonly TlpLevel[] = ['clear', 'green', 'amber', 'amber+strict', 'red'];

/**
 * The level an object without any TLP marking is shared at. TLP 2.0 leaves unmarked information to
 * local policy; ours follows OpenCTI's habit of showing unmarked objects to everyone who may read
 * the collection, which is GREEN's audience (the community), never the anonymous public.
 */
export const UNMARKED_TLP: TlpLevel = 'green';

/**
 * The TLP level that governs who may see an object: the strictest TLP marking it references,
 * whether for the whole object (object_marking_refs) or for a part (granular_markings): a reader
 * who may not see a part is not shown the object. The published TLP marking definitions themselves
 * are public. Markings other than TLP (statements, custom ones) do not restrict visibility.
 */
export function effectiveTlp(object: StixObject): TlpLevel {
  if (typeof object.id === 'string' && MARKING_BY_ID.has(object.id)) return 'clear';
  let rank = -1;
  const consider = (ref: unknown): void => {
    if (typeof ref !== 'string') return;
    const level = LEVEL_BY_ID.get(ref);
    if (level !== undefined && TLP_RANK[level] > rank) rank = TLP_RANK[level];
  };
  const objectRefs = object.object_marking_refs;
  if (Array.isArray(objectRefs)) for (const ref of objectRefs) consider(ref);
  const granular = object.granular_markings;
  if (Array.isArray(granular)) {
    for (const marking of granular) {
      if (typeof marking === 'object' && marking !== null)
        consider((marking as { marking_ref?: unknown }).marking_ref);
    }
  }
  return rank < 0 ? UNMARKED_TLP : (LEVEL_BY_RANK[rank] ?? UNMARKED_TLP);
}
