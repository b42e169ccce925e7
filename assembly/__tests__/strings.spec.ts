import { contains, glob, parseInteger, parsed, sameText, sortedContains } from '../strings';
import { GlobToken } from '../opcodes';

function utf8(s: string): Uint8Array { return Uint8Array.wrap(String.UTF8.encode(s)); }

/** A pattern where `*` and `?` are wildcards (the compiler's GlobToken encoding). */
function pattern(s: string): Uint8Array {
  const raw = utf8(s);
  const out = new Array<u8>();
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b == 42) { out.push(<u8>GlobToken.ESCAPE); out.push(<u8>GlobToken.ANY); }
    else if (b == 63) { out.push(<u8>GlobToken.ESCAPE); out.push(<u8>GlobToken.ONE); }
    else out.push(b);
  }
  const bytes = new Uint8Array(out.length);
  for (let i = 0; i < out.length; i++) bytes[i] = out[i];
  return bytes;
}

function eqFolded(text: string, literal: string, cased: bool = false): bool {
  const t = utf8(text), l = utf8(literal);
  return t.length == l.length && sameText(t.dataStart, l.dataStart, l.length, cased);
}
function has(text: string, literal: string, cased: bool = false): bool {
  const t = utf8(text), l = utf8(literal);
  return contains(t.dataStart, t.length, l.dataStart, l.length, cased);
}
function globs(text: string, p: string, cased: bool = false): bool {
  const t = utf8(text), g = pattern(p);
  return glob(t.dataStart, t.length, g.dataStart, g.length, cased);
}
function canonical(text: string): bool {
  const t = utf8(text);
  return parseInteger(t.dataStart, t.length, true);
}
function decimal(text: string): bool {
  const t = utf8(text);
  return parseInteger(t.dataStart, t.length, false);
}

describe('ASCII case folding against a folded literal', () => {
  it('folds the text, never the literal', () => {
    expect(eqFolded('C:\\Windows\\OUTLOOK.EXE', 'c:\\windows\\outlook.exe')).toBe(true);
    expect(eqFolded('outlook.exe', 'OUTLOOK.EXE')).toBe(false);
  });
  it('leaves non-letters alone: @ [ ` { sit next to the letter ranges', () => {
    expect(eqFolded('@[`{', '@[`{')).toBe(true);
    expect(eqFolded('@', '`')).toBe(false);
    expect(eqFolded('[', '{')).toBe(false);
  });
  it('does not fold non-ASCII letters', () => {
    expect(eqFolded('Ä', 'ä')).toBe(false);
    expect(eqFolded('ä', 'ä')).toBe(true);
  });
});

describe('cased: exact bytes', () => {
  it('equality, contains and wildcards stop folding', () => {
    expect(eqFolded('CMD', 'cmd', true)).toBe(false);
    expect(eqFolded('cmd', 'cmd', true)).toBe(true);
    expect(has('xCMDx', 'cmd', true)).toBe(false);
    expect(has('xCMDx', 'CMD', true)).toBe(true);
    expect(globs('A1c', 'a?c', true)).toBe(false);
    expect(globs('a1c', 'a?c', true)).toBe(true);
  });
});

describe('contains', () => {
  it('finds a literal anywhere, case-insensitively', () => {
    expect(has('C:\\Users\\Bob\\Downloads\\x.exe', '\\downloads\\')).toBe(true);
    expect(has('abc', 'abc')).toBe(true);
    expect(has('xxabcxx', 'abc')).toBe(true);
  });
  it('needs the whole literal', () => {
    expect(has('ab', 'abc')).toBe(false);
    expect(has('aab', 'abb')).toBe(false);
  });
  it('the empty literal is in every text', () => {
    expect(has('', '')).toBe(true);
    expect(has('x', '')).toBe(true);
  });
});

describe('wildcard patterns', () => {
  it('* matches any run, also empty', () => {
    expect(globs('C:\\Windows\\System32\\cmd.exe', 'c:\\windows\\*\\cmd.exe')).toBe(true);
    expect(globs('C:\\Windows\\cmd.exe', 'c:\\windows\\*cmd.exe')).toBe(true);
    expect(globs('C:\\Windows\\cmd.exe', 'c:\\windows\\*\\cmd.exe')).toBe(false);
  });
  it('backtracks past a false start', () => {
    expect(globs('aXbXbc', 'a*bc')).toBe(true);
    expect(globs('abcabd', '*abd')).toBe(true);
    expect(globs('abcabe', '*abd')).toBe(false);
  });
  it('? is exactly one character, UTF-8 aware', () => {
    expect(globs('a1c', 'a?c')).toBe(true);
    expect(globs('ac', 'a?c')).toBe(false);
    expect(globs('aäc', 'a?c')).toBe(true);
    expect(globs('a€c', 'a?c')).toBe(true);
    expect(globs('a😀c', 'a?c')).toBe(true);
    expect(globs('a12c', 'a?c')).toBe(false);
  });
  it('trailing stars match the empty rest', () => {
    expect(globs('abc', 'abc**')).toBe(true);
    expect(globs('', '*')).toBe(true);
    expect(globs('', '?')).toBe(false);
  });
});

describe('canonical integers (what String(n) prints)', () => {
  it('reads plain decimal', () => {
    expect(canonical('587')).toBe(true);
    expect(parsed).toBe(587);
    expect(canonical('-12')).toBe(true);
    expect(parsed).toBe(-12);
    expect(canonical('0')).toBe(true);
    expect(parsed).toBe(0);
  });
  it('refuses other spellings', () => {
    expect(canonical('0587')).toBe(false);
    expect(canonical('-0')).toBe(false);
    expect(canonical('+5')).toBe(false);
    expect(canonical(' 5')).toBe(false);
    expect(canonical('5 ')).toBe(false);
    expect(canonical('0x19')).toBe(false);
    expect(canonical('')).toBe(false);
    expect(canonical('-')).toBe(false);
    expect(canonical('12345678901234567')).toBe(false);
  });
});

describe('decimal integers (gt/lt): leading zeros allowed', () => {
  it('reads them', () => {
    expect(decimal('0011')).toBe(true);
    expect(parsed).toBe(11);
    expect(decimal('-0')).toBe(true);
    expect(parsed).toBe(0);
    expect(decimal('123456789012345678')).toBe(true);
    expect(parsed).toBe(123456789012345678);
  });
  it('refuses the rest', () => {
    expect(decimal('1.5')).toBe(false);
    expect(decimal('')).toBe(false);
    expect(decimal('1234567890123456789')).toBe(false);
    expect(decimal('0x10')).toBe(false);
  });
});

describe('sorted number sets', () => {
  it('finds members and only members', () => {
    const values = new Int64Array(4);
    values[0] = 25; values[1] = 465; values[2] = 587; values[3] = 2525;
    expect(sortedContains(values.dataStart, 4, 25)).toBe(true);
    expect(sortedContains(values.dataStart, 4, 587)).toBe(true);
    expect(sortedContains(values.dataStart, 4, 2525)).toBe(true);
    expect(sortedContains(values.dataStart, 4, 255)).toBe(false);
    expect(sortedContains(values.dataStart, 4, 2526)).toBe(false);
    expect(sortedContains(values.dataStart, 4, -25)).toBe(false);
    expect(sortedContains(values.dataStart, 0, 25)).toBe(false);
  });
});
