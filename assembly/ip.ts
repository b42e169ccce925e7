// IP address text → 128 bits, for the CIDR op; the same rules as host/compile/ip.ts: dotted IPv4
// without leading zeros, IPv6 with one `::` at most and an optional dotted IPv4 tail.

/** The last address parsed: IPv4 in ipLo; IPv6 high and low 64 bits. */
export let ipHi: u64 = 0;
export let ipLo: u64 = 0;

/** Dotted IPv4 at [p, p+n) into ipLo; false when not one. */
function parseIpv4(p: usize, n: i32): bool {
  let value: u64 = 0;
  let i = 0;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) { if (i >= n || load<u8>(p + i) != 46) return false; i++; }
    const start = i;
    let v: u32 = 0;
    while (i < n && i - start < 4) {
      const d = <u32>load<u8>(p + i) - 48;
      if (d > 9) break;
      v = v * 10 + d;
      i++;
    }
    const digits = i - start;
    if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && load<u8>(p + start) == 48)) return false;
    value = (value << 8) | v;
  }
  if (i != n) return false;
  ipLo = value;
  return true;
}

const groups = memory.data(16); // u16 groups as parsed, in order
let groupCount = 0;

/** `h:h:h` (1-4 hex digits each) at [p, p+n) appended to groups; empty text adds none. */
function parseGroups(p: usize, n: i32): bool {
  if (n == 0) return true;
  let i = 0;
  while (true) {
    const start = i;
    let v: u32 = 0;
    while (i < n) {
      const c = <u32>load<u8>(p + i);
      const d = c - 48 < 10 ? c - 48 : (c | 32) - 97 < 6 ? (c | 32) - 87 : 16;
      if (d > 15) break;
      v = (v << 4) | d;
      i++;
    }
    if (i == start || i - start > 4 || groupCount >= 8) return false;
    store<u16>(groups + (<usize>groupCount << 1), <u16>v);
    groupCount++;
    if (i == n) return true;
    if (load<u8>(p + i) != 58) return false;
    i++;
    if (i == n) return false; // a trailing single ':'
  }
  return false;
}

function parseIpv6(p: usize, n: i32): bool {
  let end = n;
  let tail = false;
  let last = -1;
  for (let i = 0; i < n; i++) if (load<u8>(p + i) == 58) last = i;
  for (let i = last + 1; i < n; i++) {
    if (load<u8>(p + i) == 46) {
      if (!parseIpv4(p + last + 1, n - last - 1)) return false;
      tail = true;
      end = last + 1; // keeps the ':' before the tail
      if (!(end >= 2 && load<u8>(p + end - 2) == 58)) end--; // a single ':' goes, a '::' stays
      break;
    }
  }
  const tailValue = ipLo;
  // Split at the first '::'; a second one makes a later group empty, which parseGroups refuses.
  let gap = -1;
  for (let i = 0; i + 1 < end; i++) if (load<u8>(p + i) == 58 && load<u8>(p + i + 1) == 58) { gap = i; break; }
  groupCount = 0;
  let headCount = 0;
  if (gap < 0) {
    if (!parseGroups(p, end)) return false;
    headCount = groupCount;
  } else {
    if (!parseGroups(p, gap)) return false;
    headCount = groupCount;
    if (!parseGroups(p + gap + 2, end - gap - 2)) return false;
  }
  const count = groupCount + (tail ? 2 : 0);
  if (gap < 0 ? count != 8 : count > 7) return false;
  // Lay the 8 groups out: head, zeros, rest, tail.
  let hi: u64 = 0, lo: u64 = 0;
  const zeros = 8 - count;
  for (let g = 0; g < 8; g++) {
    let v: u64 = 0;
    if (g < headCount) v = load<u16>(groups + (<usize>g << 1));
    else if (g < headCount + zeros) v = 0;
    else if (g < 8 - (tail ? 2 : 0)) v = load<u16>(groups + (<usize>(g - zeros) << 1));
    else v = g == 6 ? tailValue >> 16 : tailValue & 0xffff;
    if (g < 4) hi = (hi << 16) | v; else lo = (lo << 16) | v;
  }
  ipHi = hi;
  ipLo = lo;
  return true;
}

/** The family of the address text at [p, p+n): 4, 6, or 0 when it is not an address. */
export function parseAddress(p: usize, n: i32): i32 {
  if (parseIpv4(p, n)) { ipHi = 0; return 4; }
  let colon = false;
  for (let i = 0; i < n; i++) if (load<u8>(p + i) == 58) { colon = true; break; }
  return colon && parseIpv6(p, n) ? 6 : 0;
}

/** The parsed address is in the network (family * 256 + bits, high, low). */
export function inNetwork(family: i32, head: i64, hi: u64, lo: u64): bool {
  const f = <i32>(head >> 8), bits = <i32>(head & 255);
  if (f != family) return false;
  if (f == 4) return bits == 0 || (ipLo >> (32 - bits)) == (lo >> (32 - bits));
  if (bits <= 64) return bits == 0 || (ipHi >> (64 - bits)) == (hi >> (64 - bits));
  return ipHi == hi && (ipLo >> (128 - bits)) == (lo >> (128 - bits));
}
