import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { acceptsTaxii21 } from './media-types.js';

describe('acceptsTaxii21 (TAXII 2.1 sections 1.6.8 and 3.1)', () => {
  const accepted = [
    'application/taxii+json;version=2.1',
    'application/taxii+json',
    'application/taxii+json; version=2.1',
    'application/taxii+json;version="2.1"',
    'Application/TAXII+JSON;Version=2.1',
    'application/json, application/taxii+json;version=2.1',
    'application/taxii+json;version=2.1,application/stix+json;version=2.1',
    'application/taxii+json;version=2.0, application/taxii+json;version=2.1',
    'application/taxii+json;version=2.1;q=0.5',
    'text/html;q=0.9, application/taxii+json;q=0.1',
  ];
  for (const accept of accepted) {
    it(`accepts ${accept}`, () => assert.equal(acceptsTaxii21(accept), true));
  }

  const refused: Array<string | undefined> = [
    undefined,
    '',
    '*/*',
    'application/*',
    'application/json',
    'application/stix+json;version=2.1',
    'application/taxii+json;version=2.0',
    'application/taxii+json;version=2.10',
    'application/taxii+json;version=',
    'application/taxii+json;version=2.1;q=0',
    'application/taxii+json;q=0.0',
    'application/taxii+jsonx',
    'application/taxii',
  ];
  for (const accept of refused) {
    it(`refuses ${JSON.stringify(accept)}`, () => assert.equal(acceptsTaxii21(accept), false));
  }
});
