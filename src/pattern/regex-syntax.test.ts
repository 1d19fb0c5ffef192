import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRegexSyntaxError } from './regex-syntax.js';

describe('findRegexSyntaxError', () => {
  it('accepts well-formed PCRE', () => {
    for (const source of [
      '',
      'abc|def|',
      '^.+\\@example\\.com$',
      '(?:a|b)*?c++d?+e{2}f{2,}g{2,5}?',
      '(?i)(?m-s:x)(?^)',
      "(?<year>\\d{4})-(?P<m>\\d\\d)-(?'d'\\d\\d) \\k<year> \\k{m} \\g{-1} \\g1 (?P=m) \\1",
      '(?=a)(?!b)(?<=c)(?<!d)(?>e)(?|(f)|(g))',
      '(?#comment)x(?R)(?1)(?&year)(?(1)a|b)(?(<year>)a)',
      '[]a-z[:alpha:]\\]\\d-]',
      '[^\\x00-\\x{10FFFF}]',
      '\\p{Lu}\\P{L}\\pL\\x41\\x{263A}\\o{101}\\cA\\Q.*+\\E\\N\\R\\X\\h\\v\\K',
      '(*UTF)(*CRLF)a(*SKIP)(*MARK:x)',
      'a{,3}',
      'x{',
    ]) {
      assert.equal(findRegexSyntaxError(source), undefined, source);
    }
  });

  it('finds malformed ones and says where', () => {
    const cases: [string, number, number][] = [
      ['(abc', 0, 4],
      ['abc)', 3, 4],
      ['*a', 0, 1],
      ['a|+', 2, 3],
      ['(?:*)', 3, 4],
      ['a**', 2, 3],
      ['[a-z', 0, 4],
      ['[z-a]', 1, 4],
      ['a{3,1}', 1, 6],
      ['a{70000}', 1, 8],
      ['abc\\', 3, 4],
      ['\\i', 0, 2],
      ['\\x{zz}', 0, 3],
      ['(?Q)', 0, 2],
      ['[\\k<a>]', 1, 3],
      ['(*', 0, 2],
    ];
    for (const [source, start, end] of cases) {
      const error = findRegexSyntaxError(source);
      assert.ok(error !== undefined, source);
      assert.deepEqual([error.start, error.end], [start, end], source);
    }
  });

  it('refuses nesting past its limit instead of exhausting the stack', () => {
    assert.notEqual(findRegexSyntaxError('('.repeat(10_000)), undefined);
  });
});
