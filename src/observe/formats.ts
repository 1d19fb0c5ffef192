// The telemetry formats, and how one is chosen for an input: by name (--format), as the generic
// format when a mapping table is given, or by what its first lines look like.

import { type DetectionSample, type Format, NOT_JSON } from './format.js';
import { GENERIC } from './generic/format.js';
import { STIX } from './stix/format.js';
import { SURICATA } from './suricata/format.js';
import { WINDOWS } from './windows/format.js';
import { ZEEK } from './zeek/format.js';

/** In the order detection prefers them when two claim as many lines. */
export const FORMATS: readonly Format[] = [ZEEK, SURICATA, WINDOWS, STIX, GENERIC];

export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((format) => format.name === name);
}

export type Detection = { format: string } | { format: undefined; reason: string };

function sampleOf(lines: readonly string[]): DetectionSample {
  const kept = lines.filter((line) => line.trim() !== '');
  return {
    lines: kept,
    values: kept.map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return NOT_JSON;
      }
    }),
  };
}

/** The format most of the first lines belong to, or why none fits. */
export function detectFormat(firstLines: readonly string[]): Detection {
  const sample = sampleOf(firstLines);
  if (sample.lines.length === 0)
    return { format: undefined, reason: 'the input has no lines to tell its format by' };
  let best: Format | undefined;
  let bestCount = 0;
  for (const format of FORMATS) {
    const count = format.detect(sample);
    if (count > bestCount) {
      best = format;
      bestCount = count;
    }
  }
  if (best !== undefined) return { format: best.name };
  const first = sample.lines[0] as string;
  const shown = first.length > 80 ? `${first.slice(0, 80)}...` : first;
  return {
    format: undefined,
    reason:
      `none of ${FORMATS.filter((format) => format !== GENERIC)
        .map((format) => format.name)
        .join(
          ', ',
        )} recognises the first ${sample.lines.length} lines (the first is ${JSON.stringify(shown)}); ` +
      'name the format, or give a mapping table for the generic format',
  };
}
