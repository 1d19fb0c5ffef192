// The syntax tree of a STIX pattern (STIX 2.1 section 9). Every node carries the UTF-16 code unit
// offsets [start, end) of the source text it was parsed from. Parentheses leave no node of their
// own; a chain of one operator written without parentheses becomes one n-ary node, so that
// `[a] OR [b] OR [c]` is a single OR of three operands and `([a] OR [b]) OR [c]` keeps its nesting.

/** The STIX Patterning versions the parser reads; they differ in a few rules (see check.ts). */
export type PatternVersion = '2.0' | '2.1';

export interface Span {
  start: number;
  end: number;
}

export interface Pattern extends Span {
  kind: 'pattern';
  expression: ObservationExpression;
}

export type ObservationExpression = ObservationBracket | ObservationCombination | ObservationQualified;

/** `[ comparison expression ]`: the comparisons must hold within one observation (9.3). */
export interface ObservationBracket extends Span {
  kind: 'observation';
  comparison: ComparisonExpression;
}

/**
 * Observation operators (9.6), from loosest to tightest binding: FOLLOWEDBY, OR, AND. Operands are
 * in source order; there are at least two.
 */
export interface ObservationCombination extends Span {
  kind: 'observation-combination';
  operator: ObservationOperator;
  operands: ObservationExpression[];
}

export type ObservationOperator = 'FOLLOWEDBY' | 'OR' | 'AND';

/**
 * An observation expression followed by one or more qualifiers (9.7), applied in source order.
 * `expression` is itself qualified only when the source put the inner one in parentheses:
 * `([a] WITHIN 5 SECONDS) REPEATS 2 TIMES`.
 */
export interface ObservationQualified extends Span {
  kind: 'qualified';
  expression: ObservationExpression;
  qualifiers: Qualifier[];
}

export type Qualifier = WithinQualifier | RepeatsQualifier | StartStopQualifier;

/** `WITHIN n SECONDS`: n is a positive integer or float (checked). */
export interface WithinQualifier extends Span {
  kind: 'within';
  seconds: IntegerConstant | FloatConstant;
}

/** `REPEATS n TIMES`: n is a positive integer (checked). */
export interface RepeatsQualifier extends Span {
  kind: 'repeats';
  times: IntegerConstant | FloatConstant;
}

/**
 * `START x STOP y`: timestamp constants in STIX 2.1; STIX 2.0 wrote them as string constants
 * holding a timestamp, which is accepted with version '2.0' only (checked).
 */
export interface StartStopQualifier extends Span {
  kind: 'start-stop';
  startTime: TimestampConstant | StringConstant;
  stopTime: TimestampConstant | StringConstant;
}

export type ComparisonExpression = ComparisonCombination | Comparison;

/** Boolean operators inside brackets (9.5): OR binds looser than AND. At least two operands. */
export interface ComparisonCombination extends Span {
  kind: 'comparison-combination';
  operator: ComparisonBooleanOperator;
  operands: ComparisonExpression[];
}

export type ComparisonBooleanOperator = 'OR' | 'AND';

export type Comparison = ValueComparison | SetComparison | ExistsComparison;

export type ValueOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET';

/** `path [NOT] op constant`. `==` and `<>` in the source are read as `=` and `!=`. */
export interface ValueComparison extends Span {
  kind: 'comparison';
  path: ObjectPath;
  negated: boolean;
  operator: ValueOperator;
  value: Constant;
}

/** `path [NOT] IN (c1, c2, ...)`. */
export interface SetComparison extends Span {
  kind: 'comparison';
  path: ObjectPath;
  negated: boolean;
  operator: 'IN';
  value: SetConstant;
}

/** `[NOT] EXISTS path` (STIX 2.1 only). */
export interface ExistsComparison extends Span {
  kind: 'comparison';
  path: ObjectPath;
  negated: boolean;
  operator: 'EXISTS';
}

/** `object-type:step...`, e.g. `network-traffic:dst_ref.value` or `file:hashes.'SHA-256'`. */
export interface ObjectPath extends Span {
  kind: 'object-path';
  objectType: ObjectType;
  /** The first step is always a property step. */
  steps: PathStep[];
}

export interface ObjectType extends Span {
  kind: 'object-type';
  name: string;
}

export type PathStep = PropertyStep | IndexStep | AnyIndexStep;

/**
 * A property name or dictionary key, quoted or not in the source (`hashes.'SHA-256'`).
 * `reference` tells an evaluator that the value names other objects to follow: a name ending in
 * `_ref` holds one object reference, one ending in `_refs` a list of them (STIX 2.1 section 2.9
 * and 9.4: the steps after it apply to the referenced object).
 */
export interface PropertyStep extends Span {
  kind: 'property';
  name: string;
  reference: PropertyReference;
}

export type PropertyReference = 'none' | 'one' | 'many';

/** `[n]`: one list element. The grammar admits negative n. */
export interface IndexStep extends Span {
  kind: 'index';
  index: number;
}

/** `[*]`: every list element. */
export interface AnyIndexStep extends Span {
  kind: 'any-index';
}

export type Constant =
  | StringConstant
  | IntegerConstant
  | FloatConstant
  | BooleanConstant
  | TimestampConstant
  | HexConstant
  | BinaryConstant;

/** Every constant keeps its source text in `text`, exactly as written. */
interface ConstantBase extends Span {
  text: string;
}

/** `'...'` with the escapes `\'` and `\\` resolved in `value`. */
export interface StringConstant extends ConstantBase {
  kind: 'string';
  value: string;
}

export interface IntegerConstant extends ConstantBase {
  kind: 'integer';
  value: number;
}

export interface FloatConstant extends ConstantBase {
  kind: 'float';
  value: number;
}

export interface BooleanConstant extends ConstantBase {
  kind: 'boolean';
  value: boolean;
}

/** `t'...'`: `value` is the timestamp between the quotes. */
export interface TimestampConstant extends ConstantBase {
  kind: 'timestamp';
  value: string;
}

/** `h'...'`: `value` is the hex digits between the quotes, in lower case. */
export interface HexConstant extends ConstantBase {
  kind: 'hex';
  value: string;
}

/** `b'...'`: `value` is the base64 text between the quotes. */
export interface BinaryConstant extends ConstantBase {
  kind: 'binary';
  value: string;
}

/** `(c1, c2, ...)`, the right side of IN; may be empty. */
export interface SetConstant extends Span {
  kind: 'set';
  elements: Constant[];
}
