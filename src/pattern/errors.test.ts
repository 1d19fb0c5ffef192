import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abbreviate, patternError, renderPatternError } from './errors.js';
import { parsePattern } from './parser.js';

function render(text: string): string {
  const result = parsePattern(text);
  assert.equal(result.ok, false);
  if (result.ok) return '';
  return result.errors.map((error) => renderPatternError(text, error)).join('\n');
}

describe('renderPatternError', () => {
  it('puts carets under the offending characters', () => {
    assert.equal(
      render('[file:size = 1] WITHIN 0 SECONDS'),
      [
        'error[qualifier-not-positive]: expected a positive number of seconds, found 0',
        ' --> 1:24',
        '  |',
        '1 | [file:size = 1] WITHIN 0 SECONDS',
        '  |                        ^',
      ].join('\n'),
    );
  });

  it('shows the line the error is on and keeps tabs aligned', () => {
    assert.equal(
      render("[file:name = 'a']\n\tAND [file:size = 1 and file:size = 2]"),
      [
        "error[keyword-case]: expected ']' to close the observation expression (keywords are case sensitive: 'AND'), found 'and'",
        ' --> 2:21',
        '  |',
        '2 | \tAND [file:size = 1 and file:size = 2]',
        '  | \t                   ^^^',
      ].join('\n'),
    );
  });

  it('points one caret past the end for a pattern that stops short', () => {
    assert.match(render('[file:size = 1'), /1 \| \[file:size = 1\n {2}\| {15}\^$/);
  });

  it('clips a span that runs past its line to that line', () => {
    const text = "[file:name = 'a\nb\\x']";
    const rendered = renderPatternError(
      text,
      patternError('invalid-string-escape', 'x', 'y', { start: 13, end: 21 }),
    );
    assert.match(rendered, /1 \| \[file:name = 'a\n {2}\| {14}\^\^$/);
  });
});

describe('abbreviate', () => {
  it('keeps a message on one line and short', () => {
    assert.equal(abbreviate('a\nb\tc\u2028'), 'a\\nb\\tc\\u2028');
    assert.equal(abbreviate('x'.repeat(50)), `${'x'.repeat(37)}...`);
  });
});
