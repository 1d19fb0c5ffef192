// Syntax check of the regular expression of MATCHES, which STIX 2.1 section 9.5 defines as PCRE.
// It only decides whether the text is a well-formed PCRE pattern and where it is not; it builds
// nothing and matches nothing. Evaluation belongs to a linear-time engine elsewhere.

export interface RegexSyntaxError {
  /** Offsets into the regular expression, [start, end). */
  start: number;
  end: number;
  expected: string;
  found: string;
}

// PCRE2 rejects a backslash before a letter it gives no meaning to ("unrecognized character
// follows \"); these are the letters it does give one.
const ESCAPE_LETTERS = new Set('aAbBcdDeEfgGhHkKnNopPQrRsStvVwWxXzZ');
// Option letters of (?imnsxJU-...) groups.
const INLINE_OPTIONS = /^\^?[imnsxJU]*(-[imnsxJU]*)?$/;
// PCRE2 limits the numbers of {n,m} to 65535.
const MAX_REPEAT = 65535;
const MAX_DEPTH = 250;

export function findRegexSyntaxError(source: string): RegexSyntaxError | undefined {
  try {
    new RegexChecker(source).check();
    return undefined;
  } catch (failure) {
    if (failure instanceof RegexFailure) return failure.error;
    throw failure;
  }
}

class RegexFailure {
  constructor(readonly error: RegexSyntaxError) {}
}

class RegexChecker {
  private pos = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  check(): void {
    this.alternation();
    if (this.pos < this.source.length) {
      // alternation() stops only at ')' when not inside a group.
      this.fail("'(' before this ')'", "unmatched ')'", this.pos, this.pos + 1);
    }
  }

  private alternation(): void {
    this.sequence();
    while (this.peek() === '|') {
      this.pos++;
      this.sequence();
    }
  }

  private sequence(): void {
    let quantifiable = false;
    while (this.pos < this.source.length) {
      const ch = this.peek();
      if (ch === '|' || ch === ')') return;
      const quantifier = this.quantifierLength();
      if (quantifier > 0) {
        if (!quantifiable) {
          this.fail(
            'something to repeat before the quantifier',
            `'${this.source.slice(this.pos, this.pos + quantifier)}'`,
            this.pos,
            this.pos + quantifier,
          );
        }
        this.pos += quantifier;
        // A lazy (?) or possessive (+) marker may follow; another quantifier may not.
        if (this.peek() === '?' || this.peek() === '+') this.pos++;
        if (this.quantifierLength() > 0) {
          this.fail('an atom between two quantifiers', `'${this.peek()}'`, this.pos, this.pos + 1);
        }
        quantifiable = false;
        continue;
      }
      quantifiable = this.atom();
    }
  }

  /** Length of the quantifier at pos, or 0 when there is none ('{' not followed by one is literal). */
  private quantifierLength(): number {
    const ch = this.peek();
    if (ch === '*' || ch === '+' || ch === '?') return 1;
    if (ch !== '{') return 0;
    const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
    if (match === null) return 0;
    const min = Number(match[1]);
    const max = match[3] === undefined || match[3] === '' ? undefined : Number(match[3]);
    const end = this.pos + match[0].length;
    if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) {
      this.fail(`repeat counts of at most ${MAX_REPEAT}`, `'${match[0]}'`, this.pos, end);
    }
    if (max !== undefined && max < min) {
      this.fail('a repeat range {min,max} with min <= max', `'${match[0]}'`, this.pos, end);
    }
    return match[0].length;
  }

  /** Consumes one atom; tells whether a quantifier may follow it. */
  private atom(): boolean {
    const ch = this.peek();
    if (ch === '(') {
      this.group();
      return true;
    }
    if (ch === '[') {
      this.characterClass();
      return true;
    }
    if (ch === '\\') return this.escape(false);
    this.pos++;
    return true;
  }

  private group(): void {
    const open = this.pos;
    this.depth++;
    if (this.depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} nested groups`, 'one more', open, open + 1);
    this.pos++;
    const rest = this.source.slice(this.pos);
    if (rest.startsWith('*')) {
      // Verbs and start-of-pattern options: (*UTF), (*SKIP), (*MARK:name) ...
      const verb = /^\*[A-Za-z_]*(:[^)]*)?\)/.exec(rest);
      if (verb === null)
        this.fail('a verb such as (*UTF) or (*SKIP)', `'(${rest.slice(0, 8)}'`, open, open + 2);
      this.pos += (verb as RegExpExecArray)[0].length;
      this.depth--;
      return;
    }
    if (rest.startsWith('?')) {
      if (this.groupHeadWithoutBody(rest, open)) {
        this.depth--;
        return;
      }
    }
    this.alternation();
    if (this.peek() !== ')')
      this.fail("')' to close the group", 'the end of the expression', open, this.source.length);
    this.pos++;
    this.depth--;
  }

  /**
   * Reads the "(?..." head of a group. Returns true when the group ended with it (comments,
   * options, back references, recursion), false when a body follows.
   */
  private groupHeadWithoutBody(rest: string, open: number): boolean {
    const bodyHeads = [/^\?(?::|=|!|<=|<!|>|\||\*|<\*|P<[A-Za-z_]\w*>|<[A-Za-z_]\w*>|'[A-Za-z_]\w*')/];
    for (const head of bodyHeads) {
      const match = head.exec(rest);
      if (match !== null) {
        this.pos += match[0].length;
        return false;
      }
    }
    const comment = /^\?#[^)]*\)/.exec(rest);
    const whole = /^\?(?:R|[+-]?\d+|&[A-Za-z_]\w*|P=[A-Za-z_]\w*|P>[A-Za-z_]\w*)\)/.exec(rest);
    const options = /^\?([\^a-zA-Z-]*)([):])/.exec(rest);
    if (comment !== null || whole !== null) {
      this.pos += ((comment ?? whole) as RegExpExecArray)[0].length;
      return true;
    }
    if (rest.startsWith('?(')) {
      // Conditional group (?(condition)yes|no): the condition is a number, a name or an assertion.
      const condition =
        /^\?\((?:[+-]?\d+|R\d*|R&[A-Za-z_]\w*|<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|[A-Za-z_]\w*)\)/.exec(rest);
      if (condition !== null) {
        this.pos += condition[0].length;
        return false;
      }
      this.pos += 1;
      return false;
    }
    if (options !== null && INLINE_OPTIONS.test(options[1] as string)) {
      this.pos += options[0].length;
      return options[2] === ')';
    }
    return this.fail(
      'a group kind such as (?:, (?=, (?!, (?<name> or (?i)',
      `'(${rest.slice(0, 3)}'`,
      open,
      open + 2,
    );
  }

  private characterClass(): void {
    const open = this.pos;
    this.pos++;
    if (this.peek() === '^') this.pos++;
    // A ']' right after '[' or '[^' is a literal member.
    let first = true;
    let previous: number | undefined;
    while (this.pos < this.source.length) {
      const ch = this.peek();
      if (ch === ']' && !first) {
        this.pos++;
        return;
      }
      first = false;
      const posix = /^\[:\^?[a-z]+:\]/.exec(this.source.slice(this.pos));
      if (posix !== null) {
        this.pos += posix[0].length;
        previous = undefined;
        continue;
      }
      const memberStart = this.pos;
      const value = ch === '\\' ? this.classEscape() : this.literal();
      if (previous !== undefined && value !== undefined && value < previous) {
        this.fail(
          'a range whose start is not after its end',
          `'${this.source.slice(memberStart - 2, this.pos)}'`,
          memberStart - 2,
          this.pos,
        );
      }
      previous = undefined;
      if (
        this.peek() === '-' &&
        this.source[this.pos + 1] !== ']' &&
        this.pos + 1 < this.source.length &&
        value !== undefined
      ) {
        this.pos++;
        previous = value;
      }
    }
    this.fail("']' to close the character class", 'the end of the expression', open, this.source.length);
  }

  /** A literal member; returns its code point. */
  private literal(): number {
    const code = this.source.codePointAt(this.pos) as number;
    this.pos += code > 0xffff ? 2 : 1;
    return code;
  }

  /** An escape inside [...]; returns its code point when it stands for one character. */
  private classEscape(): number | undefined {
    const start = this.pos;
    const letter = this.source[this.pos + 1];
    if (letter !== undefined && /[^A-Za-z0-9]/.test(letter)) {
      this.pos += 2;
      return letter.codePointAt(0);
    }
    this.escape(true);
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, a: 7, e: 27, b: 8 };
    return letter !== undefined && this.pos - start === 2 ? simple[letter] : undefined;
  }

  /** Consumes an escape sequence; tells whether a quantifier may follow it. */
  private escape(inClass: boolean): boolean {
    const start = this.pos;
    const next = this.source[this.pos + 1];
    if (next === undefined)
      this.fail('a character after the backslash', 'the end of the expression', start, start + 1);
    const letter = next as string;
    this.pos += 2;
    if (!/[A-Za-z0-9]/.test(letter)) return true;
    if (/[0-9]/.test(letter)) {
      while (/[0-9]/.test(this.peek())) this.pos++;
      return true;
    }
    if (!ESCAPE_LETTERS.has(letter)) {
      this.fail(
        'an escape PCRE knows (\\d, \\w, \\s, \\x.., \\p{..} ...)',
        `'\\${letter}'`,
        start,
        start + 2,
      );
    }
    const rest = this.source.slice(this.pos);
    const braced = (pattern: RegExp, expected: string) => {
      const match = pattern.exec(rest);
      if (match === null)
        this.fail(
          expected,
          `'\\${letter}${rest.slice(0, 6)}'`,
          start,
          Math.min(this.source.length, this.pos + 1),
        );
      this.pos += (match as RegExpExecArray)[0].length;
    };
    switch (letter) {
      case 'x':
        if (rest.startsWith('{')) braced(/^\{[0-9A-Fa-f]+\}/, '\\x{hex digits}');
        else this.pos += (/^[0-9A-Fa-f]{0,2}/.exec(rest) as RegExpExecArray)[0].length;
        return true;
      case 'o':
        braced(/^\{[0-7]+\}/, '\\o{octal digits}');
        return true;
      case 'c':
        braced(/^[\x20-\x7e]/, 'a printable ASCII character after \\c');
        return true;
      case 'p':
      case 'P':
        braced(/^(\{\^?[A-Za-z_& ]+(?:[:=][A-Za-z_ ]+)?\}|[A-Za-z])/, `\\${letter}{property name}`);
        return true;
      case 'k':
        if (inClass) this.fail('a back reference outside a character class', `'\\k'`, start, start + 2);
        braced(/^(<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|\{[A-Za-z_]\w*\})/, '\\k<name>');
        return true;
      case 'g':
        if (inClass) this.fail('a back reference outside a character class', `'\\g'`, start, start + 2);
        braced(
          /^(\{[+-]?\d+\}|\{[A-Za-z_]\w*\}|[+-]?\d+|<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|<[+-]?\d+>)/,
          '\\g{number or name}',
        );
        return true;
      case 'Q': {
        // \Q...\E quotes everything up to \E (or the end).
        const quoteEnd = this.source.indexOf('\\E', this.pos);
        this.pos = quoteEnd === -1 ? this.source.length : quoteEnd + 2;
        return true;
      }
      default:
        return true;
    }
  }

  private peek(): string {
    return this.source[this.pos] ?? '';
  }

  private fail(expected: string, found: string, start: number, end: number): never {
    throw new RegexFailure({ start, end: Math.max(end, start), expected, found });
  }
}
