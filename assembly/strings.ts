// Byte-level tests the kernel's opcodes are made of: ASCII case folding against pre-folded
// literals (or exact bytes when `cased`), substring and wildcard search over UTF-8, canonical
// integers, sorted-set lookup.
import { GlobToken } from './opcodes';

@inline export function fold(b: u32): u32 { return b - 65 < 26 ? b | 32 : b; }

/** Byte i of the text as literals are written: folded, unless matching is case-sensitive. */
@inline function textByte(t: usize, i: i32, cased: bool): u32 {
  const b = <u32>load<u8>(t + i);
  return cased ? b : fold(b);
}

/** The text at t equals the literal at l over n bytes. */
export function sameText(t: usize, l: usize, n: i32, cased: bool): bool {
  for (let i = 0; i < n; i++) if (textByte(t, i, cased) != <u32>load<u8>(l + i)) return false;
  return true;
}

/**
 * The literal occurs in the text. Candidates for its first byte are found 16 at a time (SIMD,
 * both cases of a letter unless `cased`), then checked byte by byte. Reads up to 15 bytes past
 * the text, which batches pad for.
 */
export function contains(t: usize, tn: i32, l: usize, ln: i32, cased: bool): bool {
  if (ln == 0) return true;
  const last = tn - ln; // the last position the literal can start at
  if (last < 0) return false;
  const first = <u32>load<u8>(l);
  const same = i8x16.splat(<i8>first);
  const other = !cased && first - 97 < 26 ? i8x16.splat(<i8>(first ^ 32)) : same;
  for (let i = 0; i <= last; i += 16) {
    const chunk = v128.load(t + i);
    let mask = i8x16.bitmask(v128.or(i8x16.eq(chunk, same), i8x16.eq(chunk, other)));
    while (mask != 0) {
      const j = i + <i32>ctz(mask);
      if (j > last) return false;
      if (sameText(t + j + 1, l + 1, ln - 1, cased)) return true;
      mask &= mask - 1;
    }
  }
  return false;
}

/** Length of the UTF-8 sequence starting with byte b (1 for stray continuation bytes). */
@inline export function charLength(b: u32): i32 { return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4; }

/** Wildcard match with the classic single backtrack point for the last `*`. */
export function glob(t: usize, tn: i32, g: usize, gn: i32, cased: bool): bool {
  let ti = 0, gi = 0, starG = -1, starT = 0;
  while (ti < tn) {
    if (gi < gn) {
      let b = <u32>load<u8>(g + gi);
      if (b == GlobToken.ESCAPE) {
        const tok = <u32>load<u8>(g + gi + 1);
        if (tok == GlobToken.ANY) { starG = gi + 2; starT = ti; gi += 2; continue; }
        if (tok == GlobToken.ONE) { ti += charLength(<u32>load<u8>(t + ti)); gi += 2; continue; }
        b = 0; // escaped literal zero byte
        if (textByte(t, ti, cased) == b) { ti++; gi += 2; continue; }
      } else if (textByte(t, ti, cased) == b) { ti++; gi++; continue; }
    }
    if (starG < 0) return false;
    starT++;
    ti = starT;
    gi = starG;
  }
  if (ti > tn) return false; // a `?` stepped over a truncated character
  while (gi + 1 < gn && <u32>load<u8>(g + gi) == GlobToken.ESCAPE && <u32>load<u8>(g + gi + 1) == GlobToken.ANY) gi += 2;
  return gi == gn;
}

/**
 * Decimal integer text to a number in `parsed`; false when it is not one. `canonical`: only what
 * String(n) prints for a safe integer (no leading zeros, no -0, at most 16 digits), the form
 * number equality compares; otherwise leading zeros are allowed, up to 18 digits (gt/lt).
 */
export let parsed: i64 = 0;
export function parseInteger(p: usize, n: i32, canonical: bool): bool {
  let i = 0;
  const neg = n > 0 && load<u8>(p) == 45;
  if (neg) i = 1;
  const digits = n - i;
  if (digits < 1 || digits > (canonical ? 16 : 18)) return false;
  if (canonical && load<u8>(p + i) == 48 && (digits > 1 || neg)) return false;
  let v: i64 = 0;
  for (; i < n; i++) {
    const d = <u32>load<u8>(p + i) - 48;
    if (d > 9) return false;
    v = v * 10 + d;
  }
  parsed = neg ? -v : v;
  return true;
}

/** Binary search of v in `count` sorted i64 values at `values`. */
export function sortedContains(values: usize, count: i32, v: i64): bool {
  let lo = 0, hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = load<i64>(values + (<usize>mid << 3));
    if (m == v) return true;
    if (m < v) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}


/** Two or four ASCII digits at p as a number, or -1. */
function digits(p: usize, n: i32): i32 {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = <i32>load<u8>(p + i) - 48;
    if (<u32>d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a civil date (proleptic Gregorian). */
function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/** ISO 8601 weekday, 1 (Monday) to 7, of a day count from 1970-01-01 (a Thursday). */
function isoWeekday(days: i32): i32 { return ((days % 7) + 7 + 3) % 7 + 1; }

@inline function isLeap(y: i32): bool { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return isLeap(y) ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

function isoWeeksInYear(y: i32): i32 {
  const jan1 = isoWeekday(daysFromCivil(y, 1, 1));
  return jan1 == 4 || (isLeap(y) && jan1 == 3) ? 53 : 52;
}

/** A part (opcodes TimePart: minute 0, hour 1, day 2, week 3, month 4, year 5) of `YYYY-MM-DD[T ]hh:mm`, or -1. */
export function timePart(p: usize, n: i32, part: i32): i32 {
  if (n < 16 || load<u8>(p + 4) != 45 || load<u8>(p + 7) != 45 || load<u8>(p + 13) != 58) return -1;
  const sep = load<u8>(p + 10);
  if (sep != 84 && sep != 32 && sep != 116) return -1;
  const y = digits(p, 4), m = digits(p + 5, 2), d = digits(p + 8, 2), h = digits(p + 11, 2), mi = digits(p + 14, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || h < 0 || h > 23 || mi < 0 || mi > 59) return -1;
  switch (part) {
    case 0: return mi;
    case 1: return h;
    case 2: return d;
    case 4: return m;
    case 5: return y;
  }
  const days = daysFromCivil(y, m, d);
  const week = (days - daysFromCivil(y, 1, 1) + 1 - isoWeekday(days) + 10) / 7;
  if (week < 1) return isoWeeksInYear(y - 1);
  if (week > isoWeeksInYear(y)) return 1;
  return week;
}
