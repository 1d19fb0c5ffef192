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

/** At least one of `literals` is in every value that can match; `caseless`: compare in lower case. */
export interface RequiredLiterals {
  literals: readonly string[];
  caseless: boolean;
}

/** Most strings an exact set holds before it is reduced to what it requires. */
const MAX_EXACT = 16;
const MAX_DEPTH = 100;
const ASCII = /^[\x20-\x7e]*$/;

/**
 * What a node of the expression gives: `exact`, every string it can match, when few; else `need`,
 * literals one of which every match contains (undefined: nothing known).
 */
interface Info {
  exact?: Set<string>;
  need?: Set<string>;
}

const ANY: Info = {};
const EMPTY: Info = { exact: new Set(['']) };

class GiveUp extends Error {}

/** Literals a MATCHES expression requires, or undefined when none can be told. */
export function regexRequiredLiterals(source: string): RequiredLiterals | undefined {
  if (!ASCII.test(source)) return undefined;
  try {
    const reader = new RegexReader(source);
    const info = reader.read();
    return requirement(info, reader.caseless);
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

/** Literals a LIKE pattern requires: its longest piece between wildcards ("%" any run, "_" one). */
export function likeRequiredLiterals(pattern: string): RequiredLiterals | undefined {
  if (!ASCII.test(pattern)) return undefined;
  let longest = '';
  for (const piece of pattern.split(/[%_]/)) if (piece.length > longest.length) longest = piece;
  return longest === '' ? undefined : { literals: [longest], caseless: false };
}

function requirement(info: Info, caseless: boolean): RequiredLiterals | undefined {
  const set = needOf(info);
  return set === undefined ? undefined : { literals: minimal(set), caseless };
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

/** What a node requires, whether it is exact or not. */
function needOf(info: Info): Set<string> | undefined {
  const set = info.exact ?? info.need;
  return set === undefined || set.has('') ? undefined : set;
}

/** The more selective of two requirements: the one whose shortest literal is longer. */
function better(a: Set<string> | undefined, b: Set<string> | undefined): Set<string> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return shortest(b) > shortest(a) ? b : a;
}

function alternate(branches: readonly Info[]): Info {
  if (branches.every((branch) => branch.exact !== undefined)) {
    const exact = new Set<string>();
    for (const branch of branches) for (const text of branch.exact as Set<string>) exact.add(text);
    if (exact.size <= MAX_EXACT) return { exact };
  }
  const need = new Set<string>();
  for (const branch of branches) {
    const set = needOf(branch);
    if (set === undefined) return ANY;
    for (const text of set) need.add(text);
  }
  return { need };
}

/** The node repeated at least `min` times (at most `max`, Infinity for no bound). */
function repeat(info: Info, min: number, max: number): Info {
  if (min === 0 && max === 1 && info.exact !== undefined && info.exact.size < MAX_EXACT) {
    return { exact: new Set([...info.exact, '']) };
  }
  if (min === 0) return ANY;
  const need = needOf(info);
  return need === undefined ? ANY : { need };
}

class RegexReader {
  private pos = 0;
  private depth = 0;
  caseless = false;

  constructor(private readonly source: string) {}

  read(): Info {
    this.leadingFlags();
    const info = this.alternation();
    if (this.pos < this.source.length) throw new GiveUp();
    return info;
  }

  /** One flag group at the very start, of flags that leave literals alone; (?i) folds case. */
  private leadingFlags(): void {
    const flags = /^\(\?([imsU]+)\)/.exec(this.source);
    if (flags === null) return;
    this.caseless = flags[1]?.includes('i') === true;
    this.pos = flags[0].length;
  }

  private alternation(): Info {
    if (++this.depth > MAX_DEPTH) throw new GiveUp();
    const branches = [this.sequence()];
    while (this.source[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    this.depth--;
    return branches.length === 1 ? (branches[0] as Info) : alternate(branches);
  }

  /**
   * A concatenation. Runs of exact parts are joined (`wmic`, `(?:\.exe)?` give wmic and wmic.exe);
   * each run, and each part that is not exact, is a requirement of the whole; the most selective
   * one is kept.
   */
  private sequence(): Info {
    let run = new Set(['']);
    let best: Set<string> | undefined;
    let exact = true;
    while (this.pos < this.source.length && this.source[this.pos] !== '|' && this.source[this.pos] !== ')') {
      const part = this.quantified(this.atom());
      if (part.exact !== undefined && run.size * part.exact.size <= MAX_EXACT) {
        const joined = new Set<string>();
        for (const a of run) for (const b of part.exact) joined.add(a + b);
        run = joined;
        continue;
      }
      exact = false;
      best = better(best, needOf({ exact: run }));
      if (part.exact !== undefined) {
        run = part.exact;
      } else {
        best = better(best, needOf(part));
        run = new Set(['']);
      }
    }
    if (exact) return { exact: run };
    best = better(best, needOf({ exact: run }));
    return best === undefined ? ANY : { need: best };
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
        return ANY;
      case '.':
        return ANY;
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
    return { exact: new Set([this.caseless ? char.toLowerCase() : char]) };
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
    if ('dDwWsS'.includes(char)) return ANY;
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
