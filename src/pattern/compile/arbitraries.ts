// Random patterns and observations for the property tests, drawn from a small alphabet of values
// so that patterns and observations meet often: hashes in several case and algorithm spellings,
// names, domains, addresses inside and outside the blocks, references that resolve or dangle.

import fc from 'fast-check';
import type { StixObject } from '../../stix/object.js';
import type { Pattern } from '../ast.js';
import type { Observation } from '../observation.js';
import { parsePattern } from '../parser.js';

const HASH = ['aa11', 'AA11', 'bb22'].map((h) => h.repeat(16));
// The long s folds to s under (?i) yet stays itself in lower case: no ASCII literal finds it.
const NAMES = ['a.exe', 'A.exe', 'b.dll', '\u017F.dll'];
const DOMAINS = ['evil.com', 'EVIL.com', 'good.org'];
const IPV4 = ['10.0.0.1', '10.0.1.7', '192.168.1.1', '10.0.0.0/24'];
const IPV6 = ['fe80::1', 'FE80::1', '2001:db8::5', 'fe80::/64'];
const EMAILS = ['a@x.org', 'b@x.org'];
const ALGORITHMS = ["'SHA-256'", 'SHA256', 'MD5', "'sha-256'"];
const OBSERVED_ALGORITHMS = ['SHA-256', 'SHA256', 'MD5', 'sha-256'];

const quoted = (values: readonly string[]) => fc.constantFrom(...values.map((v) => `'${v}'`));
const set = (values: readonly string[]) =>
  fc
    .uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 })
    .map((vs) => `(${vs.map((v) => `'${v}'`).join(', ')})`);
const negation = fc.constantFrom('', 'NOT ');

/** One comparison, as text, over the alphabet. */
const comparison: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...ALGORITHMS), negation, quoted(HASH))
    .map(([a, n, v]) => `file:hashes.${a} ${n}= ${v}`),
  fc.tuple(negation, quoted(NAMES)).map(([n, v]) => `file:name ${n}= ${v}`),
  set(NAMES).map((s) => `file:name IN ${s}`),
  fc.constantFrom(
    "file:name LIKE 'a%'",
    "file:name LIKE '%.dll'",
    "file:name MATCHES '^[ab][.]'",
    "file:name MATCHES '(?i)\\\\.EXE$'",
    "file:name MATCHES '(?i)^s\\\\.dll'",
    "file:name MATCHES 'a|b\\\\.d'",
    'file:size > 10',
    'EXISTS file:size',
    'NOT EXISTS file:name',
  ),
  fc.tuple(negation, quoted(DOMAINS)).map(([n, v]) => `domain-name:value ${n}= ${v}`),
  set(DOMAINS).map((s) => `domain-name:value IN ${s}`),
  fc.constantFrom(
    "domain-name:value != 'evil.com'",
    "domain-name:value LIKE '%.com'",
    "domain-name:value MATCHES '(?i)evil'",
    "domain-name:value NOT MATCHES 'evil'",
  ),
  quoted(IPV4).map((v) => `ipv4-addr:value = ${v}`),
  fc
    .constantFrom('10.0.0.0/24', '10.0.0.0/8', '10.0.0.1', '0.0.0.0/0')
    .map((b) => `ipv4-addr:value ISSUBSET '${b}'`),
  fc.constantFrom("ipv4-addr:value ISSUPERSET '10.0.0.1'", "ipv4-addr:value NOT ISSUBSET '10.0.0.0/8'"),
  quoted(IPV6).map((v) => `ipv6-addr:value = ${v}`),
  fc.constantFrom('fe80::/10', 'fe80::1', '2001:db8::/32').map((b) => `ipv6-addr:value ISSUBSET '${b}'`),
  fc
    .tuple(fc.constantFrom('dst_ref', 'src_ref'), quoted(IPV4))
    .map(([r, v]) => `network-traffic:${r}.value = ${v}`),
  fc.constantFrom("network-traffic:dst_ref.value ISSUBSET '10.0.0.0/8'", 'network-traffic:dst_port = 443'),
  quoted(EMAILS).map((v) => `email-message:to_refs[*].value = ${v}`),
  fc.constantFrom("email-message:to_refs[0].value = 'b@x.org'", "url:value = 'http://evil.com/x'"),
  fc.constantFrom("artifact:payload_bin = 'abc'", "artifact:payload_bin = b'YWJj'", "mutex:name = 'm1'"),
);

/** A comparison expression: comparisons joined by AND and OR, possibly parenthesized. */
export const comparisons: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    comparison,
    fc.tuple(tie('expr'), fc.constantFrom('AND', 'OR'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
})).expr;

/** A pattern that one observation can satisfy: brackets joined by OR and AND. */
export const singleObservationPattern: fc.Arbitrary<Pattern> = fc
  .array(comparisons, { minLength: 1, maxLength: 3 })
  .chain((brackets) =>
    fc
      .array(fc.constantFrom('OR', 'AND'), { minLength: brackets.length - 1, maxLength: brackets.length - 1 })
      .map((ops) => brackets.map((b, i) => `${i === 0 ? '' : ` ${ops[i - 1]} `}[${b}]`).join('')),
  )
  .map(parsed);

export function parsed(text: string): Pattern {
  const result = parsePattern(text);
  if (!result.ok) throw new Error(`generated an invalid pattern: ${text}: ${JSON.stringify(result.errors)}`);
  return result.pattern;
}

/** Cyber-observable objects of one observation, keyed as 2.0 observed-data keys them. */
const objectsArbitrary: fc.Arbitrary<Record<string, StixObject>> = fc
  .array(
    fc.oneof(
      fc
        .record({
          name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
          size: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
          hashes: fc.dictionary(fc.constantFrom(...OBSERVED_ALGORITHMS), fc.constantFrom(...HASH), {
            maxKeys: 2,
          }),
        })
        .map((f) => ({ type: 'file', ...withoutUndefined(f) })),
      fc.constantFrom(...DOMAINS).map((value) => ({ type: 'domain-name', value })),
      fc.constantFrom(...IPV4).map((value) => ({ type: 'ipv4-addr', value })),
      fc.constantFrom(...IPV6).map((value) => ({ type: 'ipv6-addr', value })),
      fc.constantFrom(...EMAILS).map((value) => ({ type: 'email-addr', value })),
      fc.constantFrom('http://evil.com/x', 'http://good.org/').map((value) => ({ type: 'url', value })),
      fc.constantFrom('abc', 'YWJj').map((payload_bin) => ({ type: 'artifact', payload_bin })),
      fc.constantFrom('m1', 'M1').map((name) => ({ type: 'mutex', name })),
      fc
        .record({ dst: fc.nat(6), src: fc.nat(6), dst_port: fc.constantFrom(80, 443) })
        .map(({ dst, src, dst_port }) => ({
          type: 'network-traffic',
          dst_ref: String(dst),
          src_ref: String(src),
          dst_port,
        })),
      fc
        .uniqueArray(fc.nat(6), { maxLength: 2 })
        .map((to) => ({ type: 'email-message', to_refs: to.map(String) })),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((objects) =>
    Object.fromEntries(objects.map((object, i) => [String(i), { id: `x--${i}`, ...object } as StixObject])),
  );

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

const BASE = Date.parse('2026-01-01T00:00:00Z');

export function observation(
  objects: Record<string, StixObject>,
  second: number,
  id = `observed-data--${second}`,
  span = 0,
  numberObserved = 1,
): Observation {
  const at = (s: number) => new Date(BASE + s * 1000).toISOString();
  return { id, firstObserved: at(second), lastObserved: at(second + span), numberObserved, objects };
}

/** A timestamp constant `seconds` after the streams' start. */
export function timestampAt(seconds: number): string {
  return `t'${new Date(BASE + seconds * 1000).toISOString()}'`;
}

export const observationArbitrary: fc.Arbitrary<Observation> = objectsArbitrary.map((objects) =>
  observation(objects, 0),
);

/**
 * A stream in order of first_observed, a few seconds apart, some observations lasting a while or
 * standing for several sightings; each tagged with one of two entities.
 */
export function streamArbitrary(
  maxLength: number,
): fc.Arbitrary<Array<{ entity: string; observation: Observation }>> {
  const step = fc.record({
    objects: objectsArbitrary,
    gap: fc.integer({ min: 0, max: 4 }),
    span: fc.constantFrom(0, 0, 0, 1, 3),
    count: fc.constantFrom(1, 1, 1, 2),
    entity: fc.constantFrom('host-a', 'host-b'),
  });
  return fc.array(step, { minLength: 1, maxLength }).map((steps) => {
    let second = 0;
    return steps.map(({ objects, gap, span, count, entity }, i) => {
      second += gap;
      return { entity, observation: observation(objects, second, `observed-data--${i}`, span, count) };
    });
  });
}

const qualifier = fc.oneof(
  fc.integer({ min: 1, max: 8 }).map((n) => `WITHIN ${n} SECONDS`),
  fc.integer({ min: 2, max: 3 }).map((n) => `REPEATS ${n} TIMES`),
  fc
    .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }))
    .map(([start, length]) => `START ${timestampAt(start)} STOP ${timestampAt(start + length)}`),
);

/** Brackets combined by AND, OR, FOLLOWEDBY and qualified by WITHIN, REPEATS, START/STOP. */
export const temporalPattern: fc.Arbitrary<Pattern> = fc
  .letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 3 },
      comparisons.map((c) => `[${c}]`),
      fc
        .tuple(tie('expr'), fc.constantFrom('AND', 'OR', 'FOLLOWEDBY'), tie('expr'))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('expr'), qualifier).map(([e, q]) => `(${e} ${q})`),
    ),
  }))
  .expr.map(parsed);
