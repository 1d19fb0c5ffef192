import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { type ReadItem, readStix } from './read.js';

// Random objects, written out in a random format with random whitespace and cut into random
// chunks, must come back exactly.

/** Characters that stress the scanner, mixed with arbitrary graphemes (multi-byte included). */
const unit = fc.oneof(
  fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '\n', '\u0000', 'é', '𝄞', '\u2028', '/'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

const stixLike = fc
  .dictionary(fc.string({ unit }), fc.jsonValue({ stringUnit: unit, maxDepth: 3 }))
  // A top-level "objects" array or type "bundle" makes a container by design, not an element.
  .filter((object) => !('objects' in object) && object.type !== 'bundle');

type Format = 'array' | 'bundle' | 'bundle with objects last' | 'JSON Lines';

/** Deterministic whitespace from a seed, so that fast-check can replay and shrink a failure. */
function whitespace(seed: number, allowNewlines: boolean): () => string {
  const choices = allowNewlines ? ['', '', ' ', '\t', '\n', '\r\n', '  \n    '] : ['', '', ' ', '\t', '   '];
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return choices[state % choices.length] as string;
  };
}

function render(value: unknown, space: () => string): string {
  if (Array.isArray(value)) {
    return `[${space()}${value.map((item) => render(item, space)).join(`${space()},${space()}`)}${space()}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const members = Object.entries(value).map(
      ([key, item]) => `${JSON.stringify(key)}${space()}:${space()}${render(item, space)}`,
    );
    return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
  }
  return JSON.stringify(value);
}

function document(objects: readonly unknown[], format: Format, seed: number): string {
  const space = whitespace(seed, format !== 'JSON Lines');
  const elements = objects.map((object) => render(object, space));
  const array = `[${space()}${elements.join(`${space()},${space()}`)}${space()}]`;
  switch (format) {
    case 'array':
      return `${space()}${array}${space()}`;
    case 'bundle':
      return `{${space()}"type"${space()}:${space()}"bundle",${space()}"id":"bundle--1",${space()}"objects":${space()}${array}${space()}}`;
    case 'bundle with objects last':
      return `{"id":"bundle--1",${space()}"objects"${space()}:${array},"type":"bundle"${space()}}${space()}`;
    case 'JSON Lines':
      return elements
        .map((element) => `${space()}${element}${space()}\n${space() === '' ? '' : '\r\n'}`)
        .join('');
  }
}

async function* cut(bytes: Buffer, sizes: readonly number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length] as number;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

it('random objects in random formats, whitespace and chunks come back deep-equal', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(stixLike, { maxLength: 8 }),
      fc.constantFrom<Format>('array', 'bundle', 'bundle with objects last', 'JSON Lines'),
      fc.nat(),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
      async (objects, format, seed, sizes) => {
        const input = document(objects, format, seed);
        const items: ReadItem[] = [];
        for await (const item of readStix(cut(Buffer.from(input), sizes))) items.push(item);
        // What a JSON round trip makes of the objects (-0 becomes 0, for one).
        const expected = objects.map((object) => JSON.parse(JSON.stringify(object)));
        assert.deepEqual(
          items.map((item) => (item.kind === 'object' ? item.value : item.message)),
          expected,
        );
        assert.deepEqual(
          items.map((item) => item.kind === 'object' && JSON.parse(item.text)),
          expected,
        );
      },
    ),
    { numRuns: 300 },
  );
});
