import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { likeTest } from '../evaluate/like.js';
import { LiteralTable } from './literal-table.js';
import { likeRequiredLiterals, type RequiredLiterals, regexRequiredLiterals } from './required-literals.js';

/** Whether the index's own filter lets the value through. */
function holds(required: RequiredLiterals, value: string): boolean {
  const table = new LiteralTable();
  table.add(0, required);
  let taken = false;
  table.collect(value, () => {
    taken = true;
  });
  return taken;
}

describe('required literals of MATCHES and LIKE', () => {
  it('finds what the DreamJob patterns need', () => {
    const cases: [string, RequiredLiterals | undefined][] = [
      ['(?i)\\bwmic(?:\\.exe)?"?\\s.*/format:\\s*"?https?://', { literals: ['/format:'], caseless: true }],
      [
        '(?i)^(?:colorui|mapistub|mscoree|hid)\\.dll$',
        { literals: ['hid.dll', 'colorui.dll', 'mscoree.dll', 'mapistub.dll'], caseless: true },
      ],
      [
        '(?i)\\.(?:pdf|docx?|xlsx?|pptx?|rtf)(?:\\.(?:exe|scr|com))?$',
        { literals: ['.pdf', '.doc', '.xls', '.ppt', '.rtf'], caseless: true },
      ],
      ['(?i)\\b(?:win)?rar(?:\\.exe)?"?\\s+a\\s', { literals: ['rar'], caseless: true }],
      ['^[a-z]:\\\\users\\\\', { literals: [':\\users\\'], caseless: false }],
      // The pack's folders a user starts programs from: under the profile, or a drive's root.
      [
        '(?i)^(?:[a-z]:\\\\users\\\\[^\\\\]+\\\\(?:downloads(?:\\\\.*)?|appdata\\\\local\\\\temp\\\\7zo[0-9a-f]{8})|[d-z]:\\\\?)$',
        { literals: ['downloads', 'appdata\\local\\temp\\7zo'], caseless: true, shortValues: 3 },
      ],
      ['^[d-z]:\\\\?$', { literals: [], caseless: false, shortValues: 3 }],
      ['^(?:abc|x)$', { literals: [], caseless: false, shortValues: 3 }],
      ['^(?:abc.*|x)$', { literals: ['abc'], caseless: false, shortValues: 1 }],
      ['^(?:abc.*|x){1,3}$', { literals: ['abc'], caseless: false, shortValues: 3 }],
      // Where lengths do not help, or the match need not be the whole value, the literals alone.
      ['^(?:abc.*|x)+$', { literals: ['abc', 'x'], caseless: false }],
      ['(?m)^(?:abc.*|x)$', { literals: ['abc', 'x'], caseless: false }],
      ['^(?:abc.*|x)$|y', { literals: ['abc', 'x', 'y'], caseless: false }],
      ['^(?:abc.*|x)\\$', { literals: ['abc', 'x'], caseless: false }],
      ['^?(?:abc.*|x)$', { literals: ['abc', 'x'], caseless: false }],
      ['a.*', { literals: ['a'], caseless: false }],
      // Unanchored, a short branch does not cost a longer one its literal.
      ['cmd(?:\\.exe|\\s)', { literals: ['cmd'], caseless: false }],
      ['(?:ab|xyz.*)', { literals: ['ab', 'xyz'], caseless: false }],
      ['x*', undefined],
      ['a|.', undefined],
      ['(?x)abc', undefined],
      ['\\x41bc', undefined],
      ['ab(?=c)', undefined],
      ['a{,2}', undefined],
      ['caf\u00e9', undefined],
    ];
    for (const [source, expected] of cases) {
      const got = regexRequiredLiterals(source);
      assert.deepEqual(
        got === undefined ? undefined : { ...got, literals: [...got.literals].sort() },
        expected === undefined ? undefined : { ...expected, literals: [...expected.literals].sort() },
        source,
      );
    }
    assert.deepEqual(likeRequiredLiterals('https://content.dropboxapi.com/%'), {
      literals: ['https://content.dropboxapi.com/'],
      caseless: false,
    });
    assert.deepEqual(likeRequiredLiterals('%.d_l'), { literals: ['.d'], caseless: false });
    assert.equal(likeRequiredLiterals('%_%'), undefined);
  });

  // Expressions over a small alphabet, so that random values often match them.
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', 'c', 'A', '.', '[ab]', '[^a]', '\\.', '\\d', '\\b', '^', '$', 'ab', 'bc'),
  );
  const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => a + b),
      fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(?:${a}|${b})`),
      fc
        .tuple(tie('expr'), fc.constantFrom('?', '*', '+', '{2}', '{1,3}', '{0,2}', '??', '+?'))
        .map(([a, q]) => `(${a})${q}`),
    ),
  })).expr;
  // A line break, so that (?m) anchors at more places than the value's ends.
  const value = fc.stringMatching(/^[abcAB.1 \n]{0,12}$/);

  it('never leaves out a value the expression matches (property, against RE2)', () => {
    fc.assert(
      fc.property(
        expression,
        fc.constantFrom('', '(?i)', '(?m)', '(?im)'),
        // Anchored at both ends, the length of short branches stands in for their literals.
        fc.constantFrom(['', ''], ['^', '$'], ['^(?:', ')$'], ['^', ''], ['^(?:', ')\\$']),
        fc.array(value, { maxLength: 20 }),
        (source, flags, [before, after], values) => {
          const full = `${flags}${before}${source}${after}`;
          const required = regexRequiredLiterals(full);
          if (required === undefined) return;
          const regex = RE2JS.compile(full);
          for (const text of values) {
            if (regex.matcher(text).find())
              assert.ok(holds(required, text), `${full} matches ${JSON.stringify(text)}`);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never leaves out a value a LIKE pattern matches (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab%_]{0,8}$/),
        fc.array(value, { maxLength: 20 }),
        (pattern, values) => {
          const required = likeRequiredLiterals(pattern);
          if (required === undefined) return;
          const test = likeTest(pattern);
          for (const text of values) if (test(text)) assert.ok(holds(required, text), `${pattern} ${text}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
