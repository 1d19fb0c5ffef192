// The printer: canonical forms, and parsePattern(printPattern(tree)) === tree for random trees.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type {
  Comparison,
  ComparisonExpression,
  Constant,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  Qualifier,
} from './ast.js';
import { parsePattern } from './parser.js';
import { printFloat, printPattern } from './print.js';
import { roundTripProblem } from './tree-comparison.js';

function printed(text: string): string {
  const result = parsePattern(text);
  if (!result.ok) assert.fail(JSON.stringify(result.errors));
  return printPattern(result.pattern);
}

describe('printPattern', () => {
  it('writes operators, keywords and spacing one way', () => {
    assert.equal(printed("[file:size==5AND file:name<>'a']"), "[file:size = 5 AND file:name != 'a']");
    assert.equal(printed('[a-b:c NOT IN(1,2)]  WITHIN 5  SECONDS'), '[a-b:c NOT IN (1, 2)] WITHIN 5 SECONDS');
  });

  it('writes constants in one form', () => {
    assert.equal(
      printed("[a-b:c = +007.50 OR a-b:c = +5 OR a-b:c = -0 OR a-b:c = h'FF']"),
      "[a-b:c = 7.5 OR a-b:c = 5 OR a-b:c = 0 OR a-b:c = h'ff']",
    );
    assert.equal(printed(String.raw`[a-b:c = 'it\'s a \\ path']`), String.raw`[a-b:c = 'it\'s a \\ path']`);
  });

  it('quotes names only when they need it', () => {
    assert.equal(
      printed("[a-b:'plain'.'with-hyphen'.'AND'.'true'[0] = 1]"),
      "[a-b:plain.'with-hyphen'.'AND'.'true'[0] = 1]",
    );
  });

  it('keeps only the parentheses the tree needs', () => {
    assert.equal(printed('(([a-b:c = 1]) AND (([a-b:c = 2])))'), '[a-b:c = 1] AND [a-b:c = 2]');
    assert.equal(
      printed('([a-b:c = 1] AND [a-b:c = 2]) FOLLOWEDBY [a-b:c = 3]'),
      '[a-b:c = 1] AND [a-b:c = 2] FOLLOWEDBY [a-b:c = 3]',
    );
    assert.equal(
      printed('[a-b:c = 1] AND ([a-b:c = 2] FOLLOWEDBY [a-b:c = 3])'),
      '[a-b:c = 1] AND ([a-b:c = 2] FOLLOWEDBY [a-b:c = 3])',
    );
    assert.equal(printed('([a-b:c = 1]) WITHIN 5 SECONDS'), '[a-b:c = 1] WITHIN 5 SECONDS');
    assert.equal(
      printed('[(a-b:c = 1 AND a-b:c = 2) OR a-b:c = 3]'),
      '[a-b:c = 1 AND a-b:c = 2 OR a-b:c = 3]',
    );
  });
});

describe('printFloat', () => {
  it('never uses an exponent and always has a point', () => {
    assert.equal(printFloat(7), '7.0');
    assert.equal(printFloat(-0.25), '-0.25');
    assert.equal(printFloat(-0), '-0.0');
    assert.equal(printFloat(1e21), '1000000000000000000000.0');
    assert.equal(printFloat(1.5e-7), '0.00000015');
    assert.equal(printFloat(-1.2345e22), '-12345000000000000000000.0');
  });

  it('reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        assert.match(printFloat(value), /^-?[0-9]+\.[0-9]+$/);
        assert.ok(Object.is(Number(printFloat(value)), value));
      }),
      { numRuns: 2000 },
    );
  });
});

// Random trees that satisfy every check, built without source offsets or text.
const NO_SOURCE = { start: 0, end: 0 };
const constantBase = { ...NO_SOURCE, text: '' };

const objectType = fc.constantFrom(
  'file',
  'network-traffic',
  'ipv4-addr',
  'x-acme-thing',
  'windows-registry-key',
  'x509-certificate',
);
const propertyName = fc.oneof(
  fc.constantFrom('name', 'hashes', 'src_ref', 'resolves_to_refs', 'value', 'SHA-256', 'AND', 'true', '_x'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const propertyStep = propertyName.map(
  (name): PathStep => ({
    kind: 'property',
    name,
    reference: name.endsWith('_refs') ? 'many' : name.endsWith('_ref') ? 'one' : 'none',
    ...NO_SOURCE,
  }),
);
const pathStep = fc.oneof(
  propertyStep,
  fc.integer({ min: -3, max: 1000 }).map((index): PathStep => ({ kind: 'index', index, ...NO_SOURCE })),
  fc.constant<PathStep>({ kind: 'any-index', ...NO_SOURCE }),
);
const objectPath = fc.tuple(objectType, propertyStep, fc.array(pathStep, { maxLength: 4 })).map(
  ([name, first, rest]): ObjectPath => ({
    kind: 'object-path',
    objectType: { kind: 'object-type', name, ...NO_SOURCE },
    steps: [first, ...rest],
    ...NO_SOURCE,
  }),
);

const timestampText = fc
  .tuple(
    fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2999-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.nat(999_999),
  )
  .map(([date, micros]) => `${date.toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`);
const bytes = fc.uint8Array({ minLength: 1, maxLength: 12 });

const stringConstant = fc
  .string({ maxLength: 12 })
  .map((value): Constant => ({ kind: 'string', value, ...constantBase }));
const constantsByKind: Record<Constant['kind'], fc.Arbitrary<Constant>> = {
  string: stringConstant,
  integer: fc
    .maxSafeInteger()
    .map((value): Constant => ({ kind: 'integer', value: value || 0, ...constantBase })),
  float: fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .map((value): Constant => ({ kind: 'float', value, ...constantBase })),
  boolean: fc.boolean().map((value): Constant => ({ kind: 'boolean', value, ...constantBase })),
  timestamp: timestampText.map((value): Constant => ({ kind: 'timestamp', value, ...constantBase })),
  hex: fc
    .uint8Array({ maxLength: 8 })
    .map((b): Constant => ({ kind: 'hex', value: Buffer.from(b).toString('hex'), ...constantBase })),
  binary: bytes.map(
    (b): Constant => ({ kind: 'binary', value: Buffer.from(b).toString('base64'), ...constantBase }),
  ),
};
const anyConstant = fc.oneof(...Object.values(constantsByKind));
const orderableConstant = fc.oneof(
  ...Object.entries(constantsByKind)
    .filter(([kind]) => kind !== 'boolean')
    .map(([, a]) => a),
);
const regexConstant = fc
  .constantFrom('^a+$', '(?i)evil\\.com', '[a-z]{2,4}', '(?<n>x)\\k<n>', '', 'a|b|(c)*?')
  .map((value): Constant => ({ kind: 'string', value, ...constantBase }));
const addressConstant = fc
  .constantFrom('10.0.0.0/8', '192.168.1.1', '2001:db8::/32', '::1', '::ffff:10.0.0.1/128')
  .map((value): Constant => ({ kind: 'string', value, ...constantBase }));
const setConstant = fc
  .constantFrom<Constant['kind']>('string', 'integer', 'timestamp', 'hex', 'boolean')
  .chain((kind) => fc.array(constantsByKind[kind], { maxLength: 4 }))
  .map((elements) => ({ kind: 'set' as const, elements, ...NO_SOURCE }));

const comparison: fc.Arbitrary<Comparison> = fc
  .tuple(objectPath, fc.boolean(), fc.nat(5))
  .chain(([path, negated, choice]) => {
    const base = { kind: 'comparison' as const, path, negated, ...NO_SOURCE };
    switch (choice) {
      case 0:
        return fc
          .tuple(fc.constantFrom('=', '!=') as fc.Arbitrary<'=' | '!='>, anyConstant)
          .map(([operator, value]): Comparison => ({ ...base, operator, value }));
      case 1:
        return fc
          .tuple(fc.constantFrom('<', '<=', '>', '>=') as fc.Arbitrary<'<'>, orderableConstant)
          .map(([operator, value]): Comparison => ({ ...base, operator, value }));
      case 2:
        return fc.oneof(
          stringConstant.map((value): Comparison => ({ ...base, operator: 'LIKE', value })),
          regexConstant.map((value): Comparison => ({ ...base, operator: 'MATCHES', value })),
        );
      case 3:
        return fc
          .tuple(fc.constantFrom('ISSUBSET', 'ISSUPERSET') as fc.Arbitrary<'ISSUBSET'>, addressConstant)
          .map(([operator, value]): Comparison => ({ ...base, operator, value }));
      case 4:
        return setConstant.map((value): Comparison => ({ ...base, operator: 'IN', value }));
      default:
        return fc.constant<Comparison>({ ...base, operator: 'EXISTS' });
    }
  });

const { comparisons } = fc.letrec<{ comparisons: ComparisonExpression }>((tie) => ({
  comparisons: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc
      .tuple(
        fc.constantFrom('AND', 'OR') as fc.Arbitrary<'AND' | 'OR'>,
        fc.array(tie('comparisons'), { minLength: 2, maxLength: 3 }),
      )
      .map(
        ([operator, operands]): ComparisonExpression => ({
          kind: 'comparison-combination',
          operator,
          operands,
          ...NO_SOURCE,
        }),
      ),
  ),
}));

const positiveNumber = fc.oneof(
  fc
    .integer({ min: 1, max: 1_000_000 })
    .map((value) => ({ kind: 'integer' as const, value, ...constantBase })),
  fc
    .double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true })
    .map((value) => ({ kind: 'float' as const, value, ...constantBase })),
);
const qualifierByKind: Record<Qualifier['kind'], fc.Arbitrary<Qualifier>> = {
  within: positiveNumber.map((seconds): Qualifier => ({ kind: 'within', seconds, ...NO_SOURCE })),
  repeats: fc.integer({ min: 1, max: 1000 }).map(
    (value): Qualifier => ({
      kind: 'repeats',
      times: { kind: 'integer', value, ...constantBase },
      ...NO_SOURCE,
    }),
  ),
  'start-stop': fc
    .tuple(timestampText, timestampText)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): Qualifier => {
      const [startTime, stopTime] = [a, b].sort();
      return {
        kind: 'start-stop',
        startTime: { kind: 'timestamp', value: startTime as string, ...constantBase },
        stopTime: { kind: 'timestamp', value: stopTime as string, ...constantBase },
        ...NO_SOURCE,
      };
    }),
};
// 9.7: at most one qualifier of each kind on one expression.
const qualifiers = fc
  .subarray(['within', 'repeats', 'start-stop'] as Qualifier['kind'][], { minLength: 1 })
  .chain((kinds) => fc.shuffledSubarray(kinds, { minLength: kinds.length }))
  .chain((kinds) => fc.tuple(...kinds.map((kind) => qualifierByKind[kind])));

const { observations } = fc.letrec<{ observations: ObservationExpression }>((tie) => ({
  observations: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparisons.map(
      (comparison): ObservationExpression => ({ kind: 'observation', comparison, ...NO_SOURCE }),
    ),
    fc
      .tuple(
        fc.constantFrom('AND', 'OR', 'FOLLOWEDBY') as fc.Arbitrary<'AND' | 'OR' | 'FOLLOWEDBY'>,
        fc.array(tie('observations'), { minLength: 2, maxLength: 3 }),
      )
      .map(
        ([operator, operands]): ObservationExpression => ({
          kind: 'observation-combination',
          operator,
          operands,
          ...NO_SOURCE,
        }),
      ),
    fc.tuple(tie('observations'), qualifiers).map(
      ([expression, list]): ObservationExpression => ({
        kind: 'qualified',
        expression,
        qualifiers: list,
        ...NO_SOURCE,
      }),
    ),
  ),
}));

const pattern = observations.map((expression): Pattern => ({ kind: 'pattern', expression, ...NO_SOURCE }));

describe('printPattern on random trees', () => {
  it('prints text that parses back to the same tree', () => {
    fc.assert(
      fc.property(pattern, (tree) => {
        assert.equal(roundTripProblem(tree, '2.1'), undefined);
      }),
      { numRuns: 1000 },
    );
  });
});
