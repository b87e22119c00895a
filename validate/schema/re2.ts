/**
 * Go RE2 syntax (what the API server compiles a CRD's `pattern` with) translated to an equivalent
 * JavaScript expression for `new RegExp(source, 'u')`, or the reason there is none. Only whether a
 * string matches matters, so RE2's leftmost-first semantics need no translation, only syntax:
 * inline flags (i, m, s, U) and their scoped forms, `\A`/`\z`, `\Q…\E`, POSIX classes, RE2's ASCII
 * `\s`, `.` not matching `\n`, `\pN`/`\p{Greek}`, `(?P<name>…)`, `\x{…}`, literal braces, and
 * escaped punctuation that JavaScript's unicode mode refuses. Case folding in a scoped `(?i)` is
 * done by listing both cases (ASCII ranges; single characters via toLowerCase/toUpperCase).
 */
export type Re2Translation = { ok: true; source: string } | { ok: false; reason: string };

interface Flags { i: boolean; m: boolean; s: boolean; U: boolean }
type Range = [number, number];

const MAX = 0x10ffff;
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const DIGIT: Range[] = [[0x30, 0x39]];
const SPACE: Range[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]]; // RE2's \s: no \v, no Unicode spaces
const POSIX: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };

class Untranslatable extends Error {}

export function translateRe2(pattern: string): Re2Translation {
  try {
    const source = new Translator(pattern).run();
    try {
      new RegExp(source, 'u');
    } catch (e) {
      return { ok: false, reason: `not a valid expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})` };
    }
    return { ok: true, source };
  } catch (e) {
    if (e instanceof Untranslatable) return { ok: false, reason: e.message };
    throw e;
  }
}

class Translator {
  private pos = 0;
  private flags: Flags = { i: false, m: false, s: false, U: false };
  private readonly saved: Flags[] = [];
  private out = '';

  constructor(private readonly p: string) {}

  run(): string {
    while (this.pos < this.p.length) this.step();
    if (this.saved.length) throw new Untranslatable('missing closing )');
    return this.out;
  }

  private step(): void {
    const c = this.p[this.pos];
    switch (c) {
      case '\\': this.escape(); return;
      case '[': this.out += this.charClass(); return;
      case '(': this.group(); return;
      case ')':
        if (!this.saved.length) throw new Untranslatable('unexpected )');
        this.flags = this.saved.pop()!;
        this.out += ')';
        this.pos++;
        return;
      case '.': this.out += this.flags.s ? '[\\s\\S]' : '[^\\n]'; this.pos++; return;
      case '^': this.out += this.flags.m ? '(?<![^\\n])' : '^'; this.pos++; return;
      case '$': this.out += this.flags.m ? '(?![^\\n])' : '$'; this.pos++; return;
      case '|': this.out += '|'; this.pos++; return;
      case '*': case '+': case '?': this.pos++; this.quantifier(c); return;
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.p.slice(this.pos));
        if (m) { this.pos += m[0].length; this.quantifier(m[0]); return; }
        break; // RE2 reads a brace that is not a repetition literally; JavaScript's unicode mode would not
      }
      default: break;
    }
    const cp = this.p.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    this.out += this.literal(cp);
  }

  /** `U` (ungreedy) swaps greedy and lazy. */
  private quantifier(q: string): void {
    let lazy = false;
    if (this.p[this.pos] === '?') { lazy = true; this.pos++; }
    if (this.flags.U) lazy = !lazy;
    this.out += q + (lazy ? '?' : '');
  }

  private group(): void {
    const rest = this.p.slice(this.pos);
    let m: RegExpExecArray | null;
    if ((m = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
      this.open(`(?<${m[1]}>`, m[0].length);
    } else if ((m = /^\(\?([imsU]*)(?:-([imsU]*))?(:|\))/.exec(rest)) && (m[1] || m[2] || m[3] === ':')) {
      const flags = { ...this.flags };
      for (const f of m[1]) flags[f as keyof Flags] = true;
      for (const f of m[2] ?? '') flags[f as keyof Flags] = false;
      if (m[3] === ')') { this.flags = flags; this.pos += m[0].length; return; } // rest of the current group
      this.open('(?:', m[0].length);
      this.flags = flags;
    } else if (rest.startsWith('(?')) {
      throw new Untranslatable(`${/^\(\?<?[=!]/.test(rest) ? 'lookaround' : 'group syntax'} ${rest.slice(0, 4)} is not RE2`);
    } else {
      this.open('(', 1);
    }
  }

  private open(text: string, length: number): void {
    this.saved.push({ ...this.flags });
    this.out += text;
    this.pos += length;
  }

  private escape(): void {
    const c = this.p[this.pos + 1];
    if (c === undefined) throw new Untranslatable('trailing backslash');
    if (c === 'Q') {
      const end = this.p.indexOf('\\E', this.pos + 2);
      const text = this.p.slice(this.pos + 2, end < 0 ? undefined : end);
      for (const ch of text) this.out += this.literal(ch.codePointAt(0)!);
      this.pos = end < 0 ? this.p.length : end + 2;
      return;
    }
    if (c === 'E') { this.pos += 2; return; } // a stray \E is ignored, as RE2 does
    const simple: Record<string, string> = { z: '(?![\\s\\S])', A: '(?<![\\s\\S])', b: '\\b', B: '\\B' };
    if (simple[c]) { this.out += simple[c]; this.pos += 2; return; }
    const set = this.escapeSet(); // \d \s \w \p… also valid outside a class
    if (set) { this.out += set; return; }
    this.out += this.literal(this.escapedCodePoint());
  }

  /** A class escape (`\d`, `\S`, `\pL`…) at pos as JavaScript text, or undefined. Advances past it. */
  private escapeSet(): string | undefined {
    const c = this.p[this.pos + 1];
    const perl: Record<string, [Range[], boolean]> = { d: [DIGIT, false], D: [DIGIT, true], w: [WORD, false], W: [WORD, true], s: [SPACE, false], S: [SPACE, true] };
    if (perl[c]) { this.pos += 2; return classOf(perl[c][1] ? complement(perl[c][0]) : perl[c][0]); }
    if (c === 'p' || c === 'P') return this.unicodeClass();
    return undefined;
  }

  private unicodeClass(): string {
    const negate = this.p[this.pos + 1] === 'P';
    let name: string;
    if (this.p[this.pos + 2] === '{') {
      const end = this.p.indexOf('}', this.pos + 3);
      if (end < 0) throw new Untranslatable('unterminated \\p{');
      name = this.p.slice(this.pos + 3, end);
      this.pos = end + 1;
    } else {
      name = this.p[this.pos + 2] ?? '';
      this.pos += 3;
    }
    let neg = negate;
    if (name.startsWith('^')) { neg = !neg; name = name.slice(1); }
    if (name === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
    // One- and two-letter names are general categories; longer ones are scripts (\p{Greek}).
    const js = /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
    return `\\${neg ? 'P' : 'p'}{${js}}`;
  }

  /** The code point of a single-character escape at pos (`\x41`, `\x{263a}`, `\n`, `\.`, `\012`). Advances past it. */
  private escapedCodePoint(): number {
    const c = this.p[this.pos + 1];
    if (c in SIMPLE_ESCAPES) { this.pos += 2; return SIMPLE_ESCAPES[c]; }
    if (c === 'x') {
      const m = /^\\x(?:\{([0-9A-Fa-f]{1,6})\}|([0-9A-Fa-f]{2}))/.exec(this.p.slice(this.pos));
      if (!m) throw new Untranslatable('invalid \\x escape');
      this.pos += m[0].length;
      const cp = parseInt(m[1] ?? m[2], 16);
      if (cp > MAX) throw new Untranslatable('\\x escape out of range');
      return cp;
    }
    if (/[0-7]/.test(c)) {
      // RE2: octal \0nn / \nnn only when it cannot be a backreference, which RE2 does not support.
      const m = /^\\([0-7]{1,3})/.exec(this.p.slice(this.pos))!;
      if (c !== '0' && m[1].length < 2) throw new Untranslatable(`backreference \\${c} is not RE2`);
      this.pos += m[0].length;
      return parseInt(m[1], 8);
    }
    if (c === 'C') throw new Untranslatable('\\C (any byte) has no JavaScript equivalent');
    if (/[A-Za-z0-9]/.test(c)) throw new Untranslatable(`escape \\${c} is not RE2`);
    const cp = this.p.codePointAt(this.pos + 1)!;
    this.pos += cp > 0xffff ? 3 : 2;
    return cp;
  }

  /** A bracketed class at pos, translated to a JavaScript class. Advances past it. */
  private charClass(): string {
    this.pos++;
    let negate = false;
    if (this.p[this.pos] === '^') { negate = true; this.pos++; }
    const parts: string[] = [];
    const ranges: Range[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.p.length) throw new Untranslatable('missing closing ]');
      const c = this.p[this.pos];
      if (c === ']' && !first) { this.pos++; break; }
      first = false;
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.p.slice(this.pos));
      if (posix) {
        const set = POSIX[posix[2]];
        if (!set) throw new Untranslatable(`unknown POSIX class [:${posix[2]}:]`);
        ranges.push(...(posix[1] ? complement(set) : set));
        this.pos += posix[0].length;
        continue;
      }
      if (c === '\\' && /[dDwWsSpP]/.test(this.p[this.pos + 1] ?? '')) {
        const set = this.escapeSet()!;
        parts.push(set.startsWith('[') ? set.slice(1, -1) : set);
        continue;
      }
      const lo = this.classChar();
      if (this.p[this.pos] === '-' && this.p[this.pos + 1] !== ']' && this.pos + 1 < this.p.length) {
        this.pos++;
        const hi = this.classChar();
        if (hi < lo) throw new Untranslatable('invalid class range');
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    const folded = this.flags.i ? foldCase(ranges) : ranges;
    return `[${negate ? '^' : ''}${folded.map(rangeText).join('')}${parts.join('')}]`;
  }

  private classChar(): number {
    if (this.p[this.pos] === '\\') return this.escapedCodePoint();
    const cp = this.p.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private literal(cp: number): string {
    if (this.flags.i) {
      const ch = String.fromCodePoint(cp);
      const variants = [...new Set([cp, ch.toLowerCase().codePointAt(0)!, ch.toUpperCase().codePointAt(0)!])]
        .filter((v) => String.fromCodePoint(v).length === ch.length || v === cp);
      if (variants.length > 1) return `[${variants.map((v) => classCharText(v)).join('')}]`;
    }
    const ch = String.fromCodePoint(cp);
    if (SYNTAX.has(ch)) return `\\${ch}`;
    return cp >= 0x20 && cp < 0x7f ? ch : `\\u{${cp.toString(16)}}`;
  }
}

function classCharText(cp: number): string {
  return /[A-Za-z0-9]/.test(String.fromCodePoint(cp)) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

function rangeText([lo, hi]: Range): string {
  return lo === hi ? classCharText(lo) : `${classCharText(lo)}-${classCharText(hi)}`;
}

function classOf(ranges: Range[]): string {
  return `[${ranges.map(rangeText).join('')}]`;
}

function normalize(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

/** Adds the other ASCII case of every letter in the ranges. */
function foldCase(ranges: Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    for (const [a, z, shift] of [[0x41, 0x5a, 0x20], [0x61, 0x7a, -0x20]] as const) {
      const from = Math.max(lo, a);
      const to = Math.min(hi, z);
      if (from <= to) out.push([from + shift, to + shift]);
    }
  }
  return normalize(out);
}
