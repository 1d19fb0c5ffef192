// Shapes of the common nested types: external-reference (2.5), kill-chain-phase (2.11) and
// granular-marking (7.2.3.1).

import { checkCatalogueIds } from '../checks/external-references.js';
import { checkGranularMarking } from '../checks/granular-markings.js';
import { checkKillChainPhaseFormat } from '../checks/kill-chain-phases.js';
import { isUrl } from '../formats.js';
import { refTypes } from '../object-kinds.js';
import { formatted, hashes, lang, ref, shape, string, strings } from '../rule-types.js';

export const externalReference = shape({
  name: 'external-reference',
  properties: {
    source_name: string,
    description: string,
    url: formatted('url-invalid', isUrl, false),
    hashes,
    external_id: string,
  },
  required: ['source_name'],
  constraints: [
    {
      kind: 'one-of',
      properties: ['description', 'url', 'external_id'],
      code: 'external-reference-incomplete',
    },
  ],
  checks: [checkCatalogueIds],
});

export const killChainPhase = shape({
  name: 'kill-chain-phase',
  properties: { kill_chain_name: string, phase_name: string },
  required: ['kill_chain_name', 'phase_name'],
  checks: [checkKillChainPhaseFormat],
});

export const granularMarking = shape({
  name: 'granular-marking',
  properties: { lang, marking_ref: ref(refTypes('marking-definition')), selectors: strings },
  required: ['selectors'],
  checks: [checkGranularMarking],
});
