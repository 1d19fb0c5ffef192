// Hand-written observations for the pattern tests of the pack, in the embedded form the telemetry
// adapters produce (objects keyed "0", "1", ... referring to each other by key).

import assert from 'node:assert/strict';
import type { Pattern } from '../../pattern/ast.js';
import { matchPattern } from '../../pattern/evaluate/match.js';
import { type Observation, observationsFrom20 } from '../../pattern/observation.js';
import { parsePattern } from '../../pattern/parser.js';

export type Objects = Record<string, Record<string, unknown>>;

/** Observations `seconds` apart from 2026-01-05T09:00:00Z, one per entry: [seconds, objects]. */
export function timeline(events: readonly (readonly [number, Objects])[]): Observation[] {
  const read = observationsFrom20(
    events.map(([seconds, objects], index) => {
      const time = new Date(Date.UTC(2026, 0, 5, 9) + seconds * 1000).toISOString();
      return {
        type: 'observed-data',
        id: `observed-data--${index}`,
        first_observed: time,
        last_observed: time,
        number_observed: 1,
        objects,
      };
    }),
  );
  assert.deepEqual(read.errors, []);
  return read.observations;
}

/** A Windows path split into folder and name, as adapters report a file. */
function split(path: string): [string, string] {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return [path.slice(0, cut), path.slice(cut + 1)];
}

/** A file at `path`, with its folder as a directory object, starting at key `first`. */
export function fileObjects(path: string, first = 0, extra: Record<string, unknown> = {}): Objects {
  const [folder, name] = split(path);
  return {
    [String(first)]: { type: 'file', name, parent_directory_ref: String(first + 1), ...extra },
    [String(first + 1)]: { type: 'directory', path: folder },
  };
}

/** A process started from `image` (Sysmon event 1, Security 4688). */
export function processStart(image: string, commandLine?: string): Objects {
  return {
    '0': {
      type: 'process',
      image_ref: '1',
      ...(commandLine === undefined ? {} : { command_line: commandLine }),
    },
    ...fileObjects(image, 1),
  };
}

/** A process loading a library (Sysmon event 7): the process, its image, and the loaded file. */
export function libraryLoad(image: string, library: string): Objects {
  return {
    '0': { type: 'process', image_ref: '1' },
    ...fileObjects(image, 1),
    ...fileObjects(library, 3),
  };
}

export function pattern(text: string): Pattern {
  const parsed = parsePattern(text);
  assert.ok(parsed.ok, `${text} does not parse`);
  return parsed.pattern;
}

export function matches(text: string, observations: readonly Observation[]): boolean {
  return matchPattern(pattern(text), observations) !== undefined;
}
