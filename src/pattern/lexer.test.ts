import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lex } from './lexer.js';

function kinds(text: string): string[] {
  const { tokens, errors } = lex(text);
  assert.deepEqual(errors, []);
  return tokens.map((token) =>
    token.kind === token.text || token.kind === 'end' ? token.kind : `${token.kind}:${token.text}`,
  );
}

describe('lex', () => {
  it('reads keywords case-sensitively and names with hyphens as one identifier', () => {
    assert.deepEqual(kinds('AND and ANDROID windows-pebinary-ext true True'), [
      'keyword:AND',
      'identifier:and',
      'identifier:ANDROID',
      'identifier:windows-pebinary-ext',
      'keyword:true',
      'identifier:True',
      'end',
    ]);
  });

  it('reads == and <> as = and !=, longest operator first', () => {
    assert.deepEqual(kinds('== = <> != <= < >= >'), [
      '=:==',
      '=',
      '!=:<>',
      '!=',
      '<=',
      '<',
      '>=',
      '>',
      'end',
    ]);
  });

  it('resolves the two string escapes and keeps the source text', () => {
    const [token] = lex(String.raw`'it\'s \\ here'`).tokens;
    assert.equal(token?.kind, 'string');
    assert.equal(token?.value, String.raw`it's \ here`);
    assert.equal(token?.text, String.raw`'it\'s \\ here'`);
  });

  it('reads prefixed constants only when the quote follows at once', () => {
    assert.deepEqual(kinds("t'x' h'ff' b'AQ==' t 'x'"), [
      "timestamp:t'x'",
      "hex:h'ff'",
      "binary:b'AQ=='",
      'identifier:t',
      "string:'x'",
      'end',
    ]);
  });

  it('reads signed integers and floats, and splits a number from a keyword glued to it', () => {
    assert.deepEqual(kinds('0 -5 +5 .5 -.5 007.5 5SECONDS'), [
      'integer:0',
      'integer:-5',
      'integer:+5',
      'float:.5',
      'float:-.5',
      'float:007.5',
      'integer:5',
      'keyword:SECONDS',
      'end',
    ]);
  });

  it('skips whitespace of the grammar and both kinds of comment', () => {
    assert.deepEqual(kinds('a\u00a0b\u3000/* x */c // rest\nd'), [
      'identifier:a',
      'identifier:b',
      'identifier:c',
      'identifier:d',
      'end',
    ]);
  });

  it('reports every lexical error with its offsets', () => {
    const { errors } = lex("? 1e5 'a\\n' 007 /* open");
    assert.deepEqual(
      errors.map((error) => [error.code, error.start, error.end]),
      [
        ['unexpected-character', 0, 1],
        ['invalid-number', 2, 5],
        ['invalid-string-escape', 8, 10],
        ['invalid-number', 12, 15],
        ['unterminated-comment', 16, 23],
      ],
    );
  });

  it('gives a surrogate pair one unexpected-character error spanning both code units', () => {
    const { errors } = lex('😀');
    assert.deepEqual(
      errors.map((error) => [error.code, error.start, error.end, error.message]),
      [['unexpected-character', 0, 2, "expected a token, found character '😀'"]],
    );
  });
});
