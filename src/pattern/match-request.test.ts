import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerMatchRequest } from './match-request.js';

const observedData = {
  type: 'observed-data',
  id: 'observed-data--00000000-0000-4000-8000-000000000001',
  first_observed: '2020-01-01T00:00:00Z',
  last_observed: '2020-01-01T00:00:00Z',
  number_observed: 1,
  objects: { '0': { type: 'domain-name', value: 'example.com' } },
};
const request = (fields: Record<string, unknown>) =>
  JSON.stringify({ stix_version: '2.0', observed_data: [observedData], ...fields });

describe('answerMatchRequest', () => {
  it('answers match true or false', () => {
    assert.deepEqual(answerMatchRequest(request({ pattern: "[domain-name:value = 'example.com']" })), {
      match: true,
    });
    assert.deepEqual(answerMatchRequest(request({ pattern: "[domain-name:value = 'example.org']" })), {
      match: false,
    });
  });

  it('reads STIX 2.1 bundles, and takes 2.1 when no version is given', () => {
    const sco = {
      type: 'domain-name',
      id: 'domain-name--00000000-0000-4000-8000-000000000002',
      value: 'example.com',
    };
    const { objects: _, ...header } = observedData;
    const bundle = { type: 'bundle', id: 'bundle--1', objects: [{ ...header, object_refs: [sco.id] }, sco] };
    const line = JSON.stringify({ pattern: "[domain-name:value = 'example.com']", observed_data: [bundle] });
    assert.deepEqual(answerMatchRequest(line), { match: true });
  });

  it('answers every kind of bad request with an error, never a throw', () => {
    const errors = [
      '',
      '   ',
      '{"pattern": ',
      '[1, 2]',
      request({ pattern: 42 }),
      request({ pattern: "[domain-name:value = 'a']", stix_version: '2.2' }),
      JSON.stringify({ pattern: "[domain-name:value = 'a']", stix_version: '2.0', observed_data: {} }),
      request({ pattern: "[domain-name:value = 'a'" }),
      request({ pattern: '[EXISTS domain-name:value]' }),
      JSON.stringify({
        pattern: "[domain-name:value = 'a']",
        stix_version: '2.0',
        observed_data: [{ ...observedData, number_observed: 0 }],
      }),
      request({ pattern: "[domain-name:value MATCHES '(?<=x)a']" }),
    ].map(answerMatchRequest);
    for (const answer of errors) assert.deepEqual(Object.keys(answer), ['error'], JSON.stringify(answer));
    assert.match((errors[7] as { error: string }).error, /^invalid pattern: expected/);
    assert.match((errors[8] as { error: string }).error, /EXISTS came with STIX 2\.1/);
    assert.match((errors[9] as { error: string }).error, /^invalid observed_data: .*number_observed/);
  });
});
