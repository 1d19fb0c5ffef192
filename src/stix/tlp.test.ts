import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  effectiveTlp,
  TLP_AMBER,
  TLP_AMBER_STRICT,
  TLP_CLEAR,
  TLP_GREEN,
  TLP_RED,
  TLP1_AMBER,
  TLP1_GREEN,
  TLP1_RED,
  TLP1_WHITE,
  TLP2_MARKINGS,
  tlpLevel,
  tlpMarking,
  UNMARKED_TLP,
} from './tlp.js';

// As published in oasis-open/cti-stix-common-objects, extension-definition-specifications/tlp-2.0
// (examples/tlp-clear.json, tlp-amber.json, tlp-amber+strict.json; the ids and names of green and red
// from the extension's JSON schema).
const publishedTlp2 = (id: string, name: string, level: string) =>
  `{"type":"marking-definition","spec_version":"2.1","id":"${id}","created":"2022-10-01T00:00:00.000Z","name":"${name}",` +
  `"extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"${level}"}}}`;

// As printed in STIX 2.1 section 7.2.1.4.
const publishedTlp1 = (id: string, name: string, level: string) =>
  `{"type":"marking-definition","spec_version":"2.1","id":"${id}","created":"2017-01-20T00:00:00.000Z",` +
  `"definition_type":"tlp","name":"${name}","definition":{"tlp":"${level}"}}`;

describe('TLP 2.0 markings', () => {
  it('are the objects the OASIS TLP 2.0 extension publishes, property order included', () => {
    assert.equal(
      JSON.stringify(TLP_CLEAR),
      publishedTlp2('marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR', 'clear'),
    );
    assert.equal(
      JSON.stringify(TLP_GREEN),
      publishedTlp2('marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN', 'green'),
    );
    assert.equal(
      JSON.stringify(TLP_AMBER),
      publishedTlp2('marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER', 'amber'),
    );
    assert.equal(
      JSON.stringify(TLP_AMBER_STRICT),
      publishedTlp2(
        'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
        'TLP:AMBER+STRICT',
        'amber+strict',
      ),
    );
    assert.equal(
      JSON.stringify(TLP_RED),
      publishedTlp2('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED', 'red'),
    );
  });

  it('are listed by level', () => {
    assert.deepEqual(Object.keys(TLP2_MARKINGS), ['clear', 'green', 'amber', 'amber+strict', 'red']);
    for (const [level, marking] of Object.entries(TLP2_MARKINGS)) assert.equal(tlpLevel(marking.id), level);
  });
});

describe('TLP 1.0 markings', () => {
  it('are the four objects STIX 2.1 section 7.2.1.4 predefines', () => {
    assert.equal(
      JSON.stringify(TLP1_WHITE),
      publishedTlp1('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'TLP:WHITE', 'white'),
    );
    assert.equal(
      JSON.stringify(TLP1_GREEN),
      publishedTlp1('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'TLP:GREEN', 'green'),
    );
    assert.equal(
      JSON.stringify(TLP1_AMBER),
      publishedTlp1('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'TLP:AMBER', 'amber'),
    );
    assert.equal(
      JSON.stringify(TLP1_RED),
      publishedTlp1('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'TLP:RED', 'red'),
    );
  });
});

describe('tlpLevel', () => {
  it('reads TLP 1.0 WHITE as clear and the other 1.0 levels as their namesakes', () => {
    assert.equal(tlpLevel('marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'), 'clear');
    assert.equal(tlpLevel('marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'), 'green');
    assert.equal(tlpLevel('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'), 'amber');
    assert.equal(tlpLevel('marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'), 'red');
  });

  it('reads the TLP 2.0 ids, AMBER+STRICT included', () => {
    assert.equal(tlpLevel('marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'), 'amber+strict');
    assert.equal(tlpLevel('marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'), 'red');
  });

  it('knows nothing of other markings', () => {
    assert.equal(tlpLevel('marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168'), undefined);
    assert.equal(tlpLevel('TLP:RED'), undefined);
  });
});

describe('tlpMarking', () => {
  it('finds each of the nine published objects by id', () => {
    for (const marking of [
      TLP_CLEAR,
      TLP_GREEN,
      TLP_AMBER,
      TLP_AMBER_STRICT,
      TLP_RED,
      TLP1_WHITE,
      TLP1_GREEN,
      TLP1_AMBER,
      TLP1_RED,
    ]) {
      assert.equal(tlpMarking(marking.id), marking);
    }
    assert.equal(tlpMarking('marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168'), undefined);
  });

  it('hands out objects nobody can alter, down to the nested extension', () => {
    const extension = (TLP_RED.extensions as Record<string, Record<string, unknown>>)[
      'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'
    ] as Record<string, unknown>;
    assert.throws(() => {
      extension.tlp_2_0 = 'clear';
    }, TypeError);
    assert.throws(() => {
      TLP1_WHITE.name = 'TLP:CLEAR';
    }, TypeError);
  });
});

describe('effectiveTlp', () => {
  const base = { type: 'indicator', id: 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' };
  it('is the strictest TLP marking, object-level or granular', () => {
    assert.equal(effectiveTlp({ ...base, object_marking_refs: [TLP_GREEN.id, TLP_AMBER.id] }), 'amber');
    assert.equal(
      effectiveTlp({
        ...base,
        object_marking_refs: [TLP_CLEAR.id],
        granular_markings: [{ marking_ref: TLP_RED.id, selectors: ['description'] }],
      }),
      'red',
    );
    assert.equal(effectiveTlp({ ...base, object_marking_refs: [TLP1_WHITE.id] }), 'clear');
  });
  it('reads an object without a TLP marking as UNMARKED_TLP and ignores other markings', () => {
    assert.equal(effectiveTlp(base), UNMARKED_TLP);
    assert.equal(
      effectiveTlp({
        ...base,
        object_marking_refs: ['marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168'],
      }),
      UNMARKED_TLP,
    );
  });
  it('makes the published TLP marking definitions themselves public', () => {
    assert.equal(effectiveTlp(TLP_RED), 'clear');
  });
});
