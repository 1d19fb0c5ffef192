// The patterns of the indicator objects in the shared intel folder (shared/ beside the repository)
// must parse. Only files that mention an indicator are read as JSON, so the large ATT&CK bundles
// cost one text scan.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PatternVersion } from './ast.js';
import { parsePattern } from './parser.js';

const INTEL = fileURLToPath(new URL('../../../../shared/intel/', import.meta.url));
const MENTIONS_INDICATOR = /"type"\s*:\s*"indicator"/;

interface IndicatorPattern {
  file: string;
  id: string;
  pattern: string;
  version: PatternVersion;
}

function jsonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}

function indicatorPatterns(file: string, node: unknown, found: IndicatorPattern[]): void {
  if (Array.isArray(node)) {
    for (const item of node) indicatorPatterns(file, item, found);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  const isStixPattern = object.pattern_type === undefined || object.pattern_type === 'stix';
  if (object.type === 'indicator' && typeof object.pattern === 'string' && isStixPattern) {
    // A 2.1 indicator names its pattern's version in pattern_version; a 2.0 one has none.
    const version = object.pattern_version === '2.0' || object.spec_version === undefined ? '2.0' : '2.1';
    found.push({ file, id: String(object.id), pattern: object.pattern, version });
  }
  for (const value of Object.values(object)) indicatorPatterns(file, value, found);
}

it('parses the pattern of every indicator in shared/intel', (t) => {
  if (!existsSync(INTEL)) {
    t.skip(`no intel folder at ${INTEL}`);
    return;
  }
  const indicators: IndicatorPattern[] = [];
  for (const file of jsonFiles(INTEL)) {
    const text = readFileSync(file, 'utf8');
    if (MENTIONS_INDICATOR.test(text)) indicatorPatterns(file, JSON.parse(text), indicators);
  }
  t.diagnostic(`${indicators.length} indicator patterns found`);
  const failures = indicators.flatMap((indicator) => {
    const result = parsePattern(indicator.pattern, { version: indicator.version });
    return result.ok ? [] : [{ ...indicator, errors: result.errors }];
  });
  assert.deepEqual(failures, []);
});
