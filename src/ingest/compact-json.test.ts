import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compactJson } from './compact-json.js';

const compact = (text: string) => compactJson(text, JSON.parse(text));

/** Characters that stress the scanner, mixed with arbitrary graphemes (multi-byte included). */
const unit = fc.oneof(
  fc.constantFrom(
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ',',
    ':',
    ' ',
    '\n',
    '\t',
    '\u0000',
    'é',
    '𝄞',
    '\u2028',
    '/',
    '1',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** Whitespace as a pretty-printer might put it, and some it would not. */
const space = fc.constantFrom('', ' ', '\n', '\n  ', '\r\n\t', '  ');

describe('compactJson', () => {
  it('is JSON.stringify of the parsed text whenever it answers, for any JSON written any way', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: unit, maxDepth: 4 }),
        fc.array(space, { minLength: 1 }),
        (value, spaces) => {
          let k = 0;
          const text = JSON.stringify(value, null, 2).replace(
            /\n +/g,
            () => spaces[k++ % spaces.length] as string,
          );
          const compacted = compact(text);
          if (compacted !== undefined) assert.equal(compacted, JSON.stringify(JSON.parse(text)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('compacts pretty-printed STIX as stringify would write it', () => {
    const object = {
      type: 'attack-pattern',
      id: 'attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298',
      name: 'A "quoted" name: with, punctuation\nand a tab\t and é 𝄞',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T1574.002' }],
      x_score: 0.5,
      x_count: -12,
      x_flags: [true, false, null],
      x_empty: {},
    };
    for (const indent of [1, 2, 4, '\t']) {
      const text = JSON.stringify(object, null, indent);
      assert.equal(compact(text), JSON.stringify(object));
    }
  });

  it('declines text whose stringify is written differently or loses something', () => {
    for (const text of [
      '{\n "a": "caf\\u00e9"\n}',
      '{\n "a": "a\\/b"\n}',
      '{\n "a": 1.0\n}',
      '{\n "a": 1e3\n}',
      '{\n "a": -0\n}',
      '{\n "a": 12345678901234567890\n}',
      '{\n "b": 1,\n "2": 2\n}',
      '{\n "a": 1,\n "a": 2\n}',
      '{\n "o": {"a": 1, "b": {"c": 1, "c": 2}}\n}',
    ]) {
      assert.equal(compact(text), undefined, text);
    }
    assert.equal(compactJson('{\n "a": "\ud800"\n}', { a: '\ud800' }), undefined);
  });

  it('keeps the whitespace inside strings and the escapes stringify writes', () => {
    const text = '{\n  "a b": " x\\ty \\"z\\" \\\\ \\n ",\n  "c": [ 1 , "]" ]\n}';
    assert.equal(compact(text), '{"a b":" x\\ty \\"z\\" \\\\ \\n ","c":[1,"]"]}');
  });
});
