import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeParseFailure, positionInSegments, positionInText } from './json-error.js';

function failureOf(text: string) {
  try {
    JSON.parse(text);
  } catch (error) {
    return describeParseFailure(text, error);
  }
  throw new Error(`${text} parsed`);
}

describe('describeParseFailure', () => {
  it('takes the offset V8 names and drops it from the reason', () => {
    assert.deepEqual(failureOf('{"a":1,}'), { reason: 'Expected double-quoted property name', offset: 7 });
  });

  it('finds the offset V8 does not name, and drops V8’s quote of the text', () => {
    assert.deepEqual(failureOf('{"a":tru}'), { reason: "Unexpected token '}'", offset: 8 });
    assert.deepEqual(failureOf('{"a":x}'), { reason: "Unexpected token 'x'", offset: 5 });
    const long = `{"a":"${'x'.repeat(100)}","b":[1,2,nul],"c":"${'y'.repeat(100)}"}`;
    assert.deepEqual(failureOf(long), { reason: "Unexpected token ']'", offset: long.indexOf('nul]') + 3 });
  });

  it('places "Unexpected end" at the end of the text', () => {
    assert.deepEqual(failureOf('{"a":[1,'), { reason: 'Unexpected end of JSON input', offset: 8 });
  });
});

describe('positionInText', () => {
  it('counts lines, and columns in bytes from the start of the text or of its line', () => {
    const text = '{"é":\n  "ü", x}';
    assert.deepEqual(positionInText(text, 3, { line: 4, column: 10 }), { line: 4, column: 14 });
    assert.deepEqual(positionInText(text, text.indexOf('x'), { line: 4, column: 10 }), {
      line: 5,
      column: 9,
    });
  });

  it('follows segments of text taken from different places', () => {
    const segments = [
      { text: '{"a":', start: { line: 1, column: 1 } },
      { text: '[]', start: { line: 1, column: 6 } },
      { text: ',\n"b" 1}', start: { line: 9, column: 3 } },
    ];
    assert.deepEqual(positionInSegments(segments, 2), { line: 1, column: 3 });
    assert.deepEqual(positionInSegments(segments, 6), { line: 1, column: 7 });
    assert.deepEqual(positionInSegments(segments, 13), { line: 10, column: 5 });
  });
});
