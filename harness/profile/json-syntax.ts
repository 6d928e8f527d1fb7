// Where a JSON text breaks RFC 8259, as a line and column and what was expected there — and nothing of
// the text itself. JSON.parse's own message quotes the characters around the error, which in a profile
// can be the Route-B password or ID; the loader reports this instead.

export interface JsonSyntaxError {
  /** 1-based line of the first character that cannot be read. */
  readonly line: number;
  /** 1-based column on that line, counted in UTF-16 code units (as editors that show columns do). */
  readonly column: number;
  /** What the grammar allows there, never the character found. */
  readonly expected: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly expected: string,
  ) {}
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const reader = new Reader(text);
  try {
    reader.skipSpace();
    reader.value();
    reader.skipSpace();
    if (reader.at < text.length) throw new Stop(reader.at, 'the end of the file after the closing }');
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), expected: error.expected };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const SPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

class Reader {
  at = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  skipSpace(): void {
    while (SPACE.has(this.text[this.at] ?? '')) this.at++;
  }

  value(): void {
    const c = this.text[this.at];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || isDigit(c)) this.number();
    else {
      const word = ['true', 'false', 'null'].find((w) => this.text.startsWith(w, this.at));
      if (!word)
        throw new Stop(this.at, 'a value (a "string" in double quotes, a number, true, false, null, { or [)');
      this.at += word.length;
    }
  }

  private nest(): void {
    // a profile is a few levels deep; this bounds the recursion on a hostile file
    if (++this.depth > 512) throw new Stop(this.at, 'fewer than 512 nested { and [');
  }

  private object(): void {
    this.nest();
    this.at++; // {
    this.skipSpace();
    if (this.text[this.at] === '}') {
      this.at++;
      this.depth--;
      return;
    }
    for (;;) {
      if (this.text[this.at] !== '"') throw new Stop(this.at, 'a field name in double quotes');
      this.string();
      this.skipSpace();
      if (this.text[this.at] !== ':') throw new Stop(this.at, "':' after the field name");
      this.at++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === '}') {
        this.at++;
        this.depth--;
        return;
      }
      if (next !== ',') throw new Stop(this.at, "',' or '}' after a value");
      this.at++;
      this.skipSpace();
      if (this.text[this.at] === '}')
        throw new Stop(this.at, "another field after ',' (JSON has no trailing comma)");
    }
  }

  private array(): void {
    this.nest();
    this.at++; // [
    this.skipSpace();
    if (this.text[this.at] === ']') {
      this.at++;
      this.depth--;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const next = this.text[this.at];
      if (next === ']') {
        this.at++;
        this.depth--;
        return;
      }
      if (next !== ',') throw new Stop(this.at, "',' or ']' after a value");
      this.at++;
      this.skipSpace();
      if (this.text[this.at] === ']')
        throw new Stop(this.at, "another value after ',' (JSON has no trailing comma)");
    }
  }

  private string(): void {
    const opened = this.at;
    this.at++; // "
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined || c === '\n') {
        const { line, column } = lineAndColumn(this.text, opened);
        throw new Stop(opened, `a closing " for the string opened at line ${line}, column ${column}`);
      }
      if (c === '"') {
        this.at++;
        return;
      }
      if (c < ' ')
        throw new Stop(this.at, 'no control character inside a string (write it escaped, e.g. \\t)');
      if (c === '\\') {
        const e = this.text[this.at + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++)
            if (!isHex(this.text[this.at + k])) throw new Stop(this.at, 'four hex digits after \\u');
          this.at += 6;
          continue;
        }
        if (e === undefined || !ESCAPES.has(e))
          throw new Stop(
            this.at,
            'an escape of the JSON grammar after \\ (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
          );
        this.at += 2;
        continue;
      }
      this.at++;
    }
  }

  private number(): void {
    if (this.text[this.at] === '-') this.at++;
    if (this.text[this.at] === '0') this.at++;
    else if (isDigit(this.text[this.at])) while (isDigit(this.text[this.at])) this.at++;
    else throw new Stop(this.at, 'a digit after -');
    if (this.text[this.at] === '.') {
      this.at++;
      if (!isDigit(this.text[this.at])) throw new Stop(this.at, 'a digit after the decimal point');
      while (isDigit(this.text[this.at])) this.at++;
    }
    if (this.text[this.at] === 'e' || this.text[this.at] === 'E') {
      this.at++;
      if (this.text[this.at] === '+' || this.text[this.at] === '-') this.at++;
      if (!isDigit(this.text[this.at])) throw new Stop(this.at, 'a digit in the exponent');
      while (isDigit(this.text[this.at])) this.at++;
    }
  }
}
