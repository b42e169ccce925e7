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

export function contains(t: usize, tn: i32, l: usize, ln: i32, cased: bool): bool {
  if (ln == 0) return true;
  const first = <u32>load<u8>(l);
  for (let i = 0; i <= tn - ln; i++) {
    if (textByte(t, i, cased) == first && sameText(t + i + 1, l + 1, ln - 1, cased)) return true;
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

/** Canonical decimal text (what String(n) prints for an integer) to a number; false otherwise. */
export let parsed: i64 = 0;
export function parseCanonical(p: usize, n: i32): bool {
  let i = 0;
  const neg = n > 0 && load<u8>(p) == 45;
  if (neg) i = 1;
  const digits = n - i;
  if (digits < 1 || digits > 16) return false;
  if (load<u8>(p + i) == 48 && (digits > 1 || neg)) return false;
  let v: i64 = 0;
  for (; i < n; i++) {
    const d = <u32>load<u8>(p + i) - 48;
    if (d > 9) return false;
    v = v * 10 + d;
  }
  parsed = neg ? -v : v;
  return true;
}

/** Decimal integer text, optional '-', leading zeros allowed, at most 18 digits (for gt/lt). */
export function parseDecimal(p: usize, n: i32): bool {
  let i = 0;
  const neg = n > 0 && load<u8>(p) == 45;
  if (neg) i = 1;
  if (n - i < 1 || n - i > 18) return false;
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

