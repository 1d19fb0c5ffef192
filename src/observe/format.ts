// What every telemetry format provides (formats.ts lists them): a guess whether some first lines are
// its own, and a reader that turns one line at a time into events. A reader keeps the little state a
// format needs (Zeek's TSV header, the STIX pool of objects) and never throws on a bad line.

import type { RandomBytes } from '../stix/id.js';
import type { LineResult } from './event.js';

export interface ReaderOptions {
  /** The file or stream name every event's provenance carries. */
  source: string;
  /** The mapping table (parsed JSON) the generic format applies; other formats ignore it. */
  mapping?: unknown;
  /** Seeds the observation ids, so that tests get the same ids every run. */
  random?: RandomBytes;
}

export interface FormatReader {
  /** Reads one line (without its line break); `lineNumber` is 1-based. */
  line(text: string, lineNumber: number): LineResult;
}

/** The first lines of an input and, for each, its JSON value (NOT_JSON when it is not JSON). */
export interface DetectionSample {
  readonly lines: readonly string[];
  readonly values: readonly unknown[];
}

export const NOT_JSON: unique symbol = Symbol('not JSON');

export interface Format {
  /** The name `--format` takes and provenance.format records. */
  readonly name: string;
  /** How many of the sample's lines look like this format's (0: none). */
  detect(sample: DetectionSample): number;
  /** Throws (a MappingError for the generic format) when the options cannot make a reader. */
  reader(options: ReaderOptions): FormatReader;
}

/** JSON.parse of one line, or an error message naming what is wrong. */
export function parseJsonLine(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
}
