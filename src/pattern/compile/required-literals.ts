// What text a MATCHES or LIKE comparison needs in a value before it can hold: a set of literals of
// which every matching value contains at least one (the idea of RE2's prefilter). The index keeps
// such comparisons under those literals, so that `process:command_line MATCHES '(?i)\bwmic...'`
// is evaluated for the command lines holding "wmic", not for every process.
//
// It must never leave out a value the expression matches, so it reads only a conservative subset
// of RE2's syntax and gives up (undefined: no requirement) on anything else: flag groups other than
// one leading (?i)/(?s)/(?m)/(?U) group, \Q..\E, \x, \p, back references, named groups, nested or
// POSIX classes, a brace that is not a repeat count, literals beyond ASCII. Case-insensitive
// literals are lower case and stand for their ASCII case variants only: a value holding any other
// character than ASCII is always evaluated (Unicode folding and NFC could make it match otherwise).

/**
 * At least one of `literals` is in every value that can match, except, when `shortValues` is set,
 * values of at most that many characters; `caseless`: compare in lower case.
 */
export interface RequiredLiterals {
  literals: readonly string[];
  caseless: boolean;
  /**
   * An expression anchored at both ends may have a short branch with no useful literal, as the
   * drive root of `^(?:[a-z]:\\users\\...|[d-z]:\\?)$`: values this short are candidates whatever
   * they hold, so the long ones still need ":\users\".
   */
  shortValues?: number;
}

/** Most strings an exact set holds before it is reduced to what it requires. */
const MAX_EXACT = 16;
const MAX_DEPTH = 100;
const ASCII = /^[\x20-\x7e]*$/;
/** A literal shorter than this filters little: a bounded branch is better told by its length. */
const USEFUL_LITERAL = 3;

/**
 * What a node of the expression gives: `exact`, every string it can match, when few; else `need`,
 * literals one of which every match contains, except matches of at most `short` characters when
 * that is set (no need: nothing known). `max`: the most characters a match spans (Infinity: any).
 */
interface Info {
  exact?: Set<string>;
  need?: Set<string>;
  short?: number;
  max: number;
}

/** A requirement: a value holds one of `set`, or is at most `short` characters long. */
interface Need {
  set: Set<string>;
  short?: number;
}

const ONE_CHARACTER: Info = { max: 1 };
const EMPTY: Info = { exact: new Set(['']), max: 0 };

class GiveUp extends Error {}

/** Literals a MATCHES expression requires, or undefined when none can be told. */
export function regexRequiredLiterals(source: string): RequiredLiterals | undefined {
  if (!ASCII.test(source)) return undefined;
  try {
    const reader = new RegexReader(source, false);
    const plain = requirement(reader.read(), reader.caseless, false);
    if (!reader.anchoredAtBothEnds || (plain !== undefined && usefulLiterals(plain))) return plain;
    // Only where a match is the whole value do short branches stand for their length: elsewhere
    // a short branch would cost a longer one its literal (`cmd(?:\.exe|\s)` requires "cmd").
    const whole = new RegexReader(source, true);
    return requirement(whole.read(), whole.caseless, true) ?? plain;
  } catch {
    // Whatever the reading cannot take (GiveUp, or a pattern big enough to exhaust the stack):
    // no requirement, which only makes the expression a candidate for every value.
    return undefined;
  }
}

/** Literals a LIKE pattern requires: its longest piece between wildcards ("%" any run, "_" one). */
export function likeRequiredLiterals(pattern: string): RequiredLiterals | undefined {
  if (!ASCII.test(pattern)) return undefined;
  let longest = '';
  for (const piece of pattern.split(/[%_]/)) if (piece.length > longest.length) longest = piece;
  return longest === '' ? undefined : { literals: [longest], caseless: false };
}

/**
 * The requirement of the whole expression. A match of an expression anchored at both ends is the
 * whole value, so there a match's length bound is a bound on the value's.
 */
function requirement(info: Info, caseless: boolean, whole: boolean): RequiredLiterals | undefined {
  const need = needOf(info);
  if (whole && Number.isFinite(info.max) && (need === undefined || shortest(need.set) < USEFUL_LITERAL))
    return { literals: [], caseless, shortValues: info.max };
  if (need === undefined) return undefined;
  if (need.short === undefined) return { literals: minimal(need.set), caseless };
  return whole ? { literals: minimal(need.set), caseless, shortValues: need.short } : undefined;
}

function usefulLiterals(required: RequiredLiterals): boolean {
  return required.literals.every((literal) => literal.length >= USEFUL_LITERAL);
}

/** Drops every literal that holds another: a value with the shorter one already passes. */
function minimal(set: ReadonlySet<string>): string[] {
  const sorted = [...set].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const literal of sorted) if (!kept.some((shorter) => literal.includes(shorter))) kept.push(literal);
  return kept;
}

function shortest(set: ReadonlySet<string>): number {
  let length = Number.POSITIVE_INFINITY;
  for (const literal of set) length = Math.min(length, literal.length);
  return length;
}

function longest(set: ReadonlySet<string>): number {
  let length = 0;
  for (const text of set) length = Math.max(length, text.length);
  return length;
}

function exactly(set: Set<string>): Info {
  return { exact: set, max: longest(set) };
}

/** What a node requires, whether it is exact or not. */
function needOf(info: Info): Need | undefined {
  const set = info.exact ?? info.need;
  if (set === undefined || set.has('')) return undefined;
  return info.exact === undefined && info.short !== undefined ? { set, short: info.short } : { set };
}

/** The more selective of two requirements: the one whose shortest literal is longer, then the one with fewer short values. */
function better(a: Need | undefined, b: Need | undefined): Need | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const [lengthA, lengthB] = [shortest(a.set), shortest(b.set)];
  if (lengthA !== lengthB) return lengthB > lengthA ? b : a;
  return (b.short ?? -1) < (a.short ?? -1) ? b : a;
}

/**
 * Each branch contributes its literals, or, when it is bounded and has no useful literal, its
 * length: a match of it is then at most that long.
 */
function alternate(branches: readonly Info[], lengths: boolean): Info {
  let max = 0;
  for (const branch of branches) max = Math.max(max, branch.max);
  if (branches.every((branch) => branch.exact !== undefined)) {
    const exact = new Set<string>();
    for (const branch of branches) for (const text of branch.exact as Set<string>) exact.add(text);
    if (exact.size <= MAX_EXACT) return { exact, max };
  }
  const need = new Set<string>();
  let short: number | undefined;
  for (const branch of branches) {
    const set = needOf(branch);
    if (lengths && Number.isFinite(branch.max) && (set === undefined || shortest(set.set) < USEFUL_LITERAL)) {
      short = Math.max(short ?? 0, branch.max);
      continue;
    }
    if (set === undefined) return { max };
    for (const text of set.set) need.add(text);
    if (set.short !== undefined) short = Math.max(short ?? 0, set.short);
  }
  if (need.size === 0) return { max };
  return short === undefined ? { need, max } : { need, short, max };
}

/** The node repeated at least `min` times (at most `max`, Infinity for no bound). */
function repeat(info: Info, min: number, max: number): Info {
  const spans = info.max === 0 ? 0 : info.max * max;
  if (min === 0 && max === 1 && info.exact !== undefined && info.exact.size < MAX_EXACT) {
    return { exact: new Set([...info.exact, '']), max: info.max };
  }
  if (min === 0) return { max: spans };
  const need = needOf(info);
  if (need === undefined) return { max: spans };
  if (need.short === undefined) return { need: need.set, max: spans };
  // A match holds no literal only when every copy is short.
  const short = need.short * max;
  return Number.isFinite(short) ? { need: need.set, short, max: spans } : { max: spans };
}

/**
 * A concatenation of pieces: each piece's requirement is one of the whole, its short values
 * widened by what the other pieces can add; the most selective one is kept.
 */
function concatenate(pieces: readonly Info[]): Info {
  let finite = 0;
  let unbounded = 0;
  for (const piece of pieces) {
    if (Number.isFinite(piece.max)) finite += piece.max;
    else unbounded++;
  }
  const max = unbounded > 0 ? Number.POSITIVE_INFINITY : finite;
  let best: Need | undefined;
  for (const piece of pieces) {
    const need = needOf(piece);
    if (need === undefined) continue;
    if (need.short === undefined) {
      best = better(best, need);
      continue;
    }
    const othersUnbounded = unbounded - (Number.isFinite(piece.max) ? 0 : 1);
    if (othersUnbounded > 0) continue;
    const others = finite - (Number.isFinite(piece.max) ? piece.max : 0);
    best = better(best, { set: need.set, short: need.short + others });
  }
  if (best === undefined) return { max };
  return best.short === undefined ? { need: best.set, max } : { need: best.set, short: best.short, max };
}

class RegexReader {
  private pos = 0;
  private depth = 0;
  caseless = false;
  private multiline = false;
  private topBranches = 0;
  /** Every match is the whole value: `^...$` around one branch, without (?m). */
  anchoredAtBothEnds = false;

  /** `lengths`: let short branches stand for their length (only for a match that is the whole value). */
  constructor(
    private readonly source: string,
    private readonly lengths: boolean,
  ) {}

  read(): Info {
    this.leadingFlags();
    const start = this.pos;
    const info = this.alternation();
    if (this.pos < this.source.length) throw new GiveUp();
    this.anchoredAtBothEnds =
      !this.multiline && this.topBranches === 1 && this.startAnchor(start) && this.endAnchor();
    return info;
  }

  /** `^` first, not made optional by a quantifier. */
  private startAnchor(start: number): boolean {
    return this.source[start] === '^' && !'?*+{'.includes(this.source[start + 1] ?? '?');
  }

  /** `$` last, not escaped (an even run of backslashes before it). */
  private endAnchor(): boolean {
    if (!this.source.endsWith('$')) return false;
    let backslashes = 0;
    for (let at = this.source.length - 2; at >= 0 && this.source[at] === '\\'; at--) backslashes++;
    return backslashes % 2 === 0;
  }

  /** One flag group at the very start, of flags that leave literals alone; (?i) folds case. */
  private leadingFlags(): void {
    const flags = /^\(\?([imsU]+)\)/.exec(this.source);
    if (flags === null) return;
    this.caseless = flags[1]?.includes('i') === true;
    this.multiline = flags[1]?.includes('m') === true;
    this.pos = flags[0].length;
  }

  private alternation(): Info {
    if (++this.depth > MAX_DEPTH) throw new GiveUp();
    const branches = [this.sequence()];
    while (this.source[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (this.depth === 1) this.topBranches = branches.length;
    this.depth--;
    return branches.length === 1 ? (branches[0] as Info) : alternate(branches, this.lengths);
  }

  /**
   * A concatenation. Runs of exact parts are joined (`wmic`, `(?:\.exe)?` give wmic and wmic.exe);
   * each run, and each part that is not exact, is a piece of the whole (concatenate).
   */
  private sequence(): Info {
    let run = new Set(['']);
    const pieces: Info[] = [];
    while (this.pos < this.source.length && this.source[this.pos] !== '|' && this.source[this.pos] !== ')') {
      const part = this.quantified(this.atom());
      if (part.exact !== undefined && run.size * part.exact.size <= MAX_EXACT) {
        const joined = new Set<string>();
        for (const a of run) for (const b of part.exact) joined.add(a + b);
        run = joined;
        continue;
      }
      pieces.push(exactly(run));
      if (part.exact !== undefined) {
        run = part.exact;
      } else {
        pieces.push(part);
        run = new Set(['']);
      }
    }
    if (pieces.length === 0) return exactly(run);
    pieces.push(exactly(run));
    return concatenate(pieces);
  }

  private quantified(atom: Info): Info {
    const next = this.source[this.pos];
    let min: number;
    let max: number;
    if (next === '?' || next === '*' || next === '+') {
      this.pos++;
      [min, max] =
        next === '?' ? [0, 1] : next === '*' ? [0, Number.POSITIVE_INFINITY] : [1, Number.POSITIVE_INFINITY];
    } else if (next === '{') {
      const count = /^\{(\d{1,5})(,(\d{0,5}))?\}/.exec(this.source.slice(this.pos, this.pos + 14));
      if (count === null) throw new GiveUp();
      this.pos += count[0].length;
      min = Number(count[1]);
      max = count[2] === undefined ? min : count[3] === '' ? Number.POSITIVE_INFINITY : Number(count[3]);
    } else {
      return atom;
    }
    // Lazy and possessive forms match the same strings.
    if (this.source[this.pos] === '?' || this.source[this.pos] === '+') this.pos++;
    if (/^[?*+{]/.test(this.source[this.pos] ?? '')) throw new GiveUp();
    return repeat(atom, min, max);
  }

  private atom(): Info {
    const char = this.source[this.pos] as string;
    this.pos++;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        this.skipClass();
        return ONE_CHARACTER;
      case '.':
        return ONE_CHARACTER;
      case '^':
      case '$':
        return EMPTY;
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
        throw new GiveUp();
      default:
        return this.literal(char);
    }
  }

  private literal(char: string): Info {
    return { exact: new Set([this.caseless ? char.toLowerCase() : char]), max: 1 };
  }

  private group(): Info {
    if (this.source[this.pos] === '?') {
      if (this.source[this.pos + 1] !== ':') throw new GiveUp();
      this.pos += 2;
    }
    const info = this.alternation();
    if (this.source[this.pos] !== ')') throw new GiveUp();
    this.pos++;
    return info;
  }

  private escape(): Info {
    const char = this.source[this.pos];
    if (char === undefined) throw new GiveUp();
    this.pos++;
    if ('bBAz'.includes(char)) return EMPTY;
    if ('dDwWsS'.includes(char)) return ONE_CHARACTER;
    if (/[A-Za-z0-9]/.test(char)) throw new GiveUp();
    return this.literal(char);
  }

  /** Past a class `[...]` of single characters and escapes; it matches one character, not known. */
  private skipClass(): void {
    if (this.source[this.pos] === '^') this.pos++;
    if (this.source[this.pos] === ']') this.pos++;
    while (this.pos < this.source.length) {
      const char = this.source[this.pos] as string;
      this.pos++;
      if (char === ']') return;
      if (char === '[') throw new GiveUp();
      if (char === '\\') {
        const escaped = this.source[this.pos];
        if (escaped === undefined || (/[A-Za-z0-9]/.test(escaped) && !'dDwWsS'.includes(escaped)))
          throw new GiveUp();
        this.pos++;
      }
    }
    throw new GiveUp();
  }
}
