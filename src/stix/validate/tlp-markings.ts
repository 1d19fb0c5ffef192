// The standard TLP marking definitions, which are the only TLP markings allowed: TLP 1.0 from
// STIX 2.1 section 7.2.1.4, and TLP 2.0 from the OASIS CTI TC's extension definition
// extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d (cti-stix-common-objects,
// extension-definition-specifications/tlp-2.0).

export const TLP_2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

function tlp1(id: string, level: string): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: `TLP:${level.toUpperCase()}`,
    definition: { tlp: level },
  };
}

function tlp2(id: string, level: string): Record<string, unknown> {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP_2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

/** Each standard TLP marking definition by its id. */
export const TLP_MARKINGS: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(
  [
    tlp1('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'white'),
    tlp1('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'green'),
    tlp1('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'amber'),
    tlp1('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'red'),
    tlp2('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'clear'),
    tlp2('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'green'),
    tlp2('marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'amber'),
    tlp2('marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'amber+strict'),
    tlp2('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'red'),
  ].map((marking) => [marking.id as string, marking]),
);
