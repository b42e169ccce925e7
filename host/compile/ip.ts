// IP addresses and networks for the cidr modifier. The kernel parses addresses the same way
// (assembly/ip.ts): dotted IPv4 without leading zeros, IPv6 with one `::` at most and an optional
// dotted IPv4 tail, no zone index. Families never match each other (as Python's ipaddress).

export interface Address { v6: boolean; value: bigint }
export interface Network extends Address { bits: number }

function ipv4(text: string): bigint | undefined {
  const m = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((n, o) => (n << 8n) | BigInt(o), 0n);
}

function ipv6(text: string): bigint | undefined {
  let body = text;
  let tail: bigint[] = [];
  // An IPv4 tail: what follows the last ':' when it holds a '.'.
  const last = body.lastIndexOf(':');
  if (body.indexOf('.', last) >= 0) {
    const four = ipv4(body.slice(last + 1));
    if (four === undefined) return undefined;
    tail = [four >> 16n, four & 0xffffn];
    body = body.slice(0, last + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? BigInt(parseInt(g, 16)) : undefined)));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const given = [...head, ...rest];
  if (given.some((g) => g === undefined)) return undefined;
  const count = given.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...new Array(8 - count).fill(0n), ...rest, ...tail] as bigint[];
  return all.reduce((n, g) => (n << 16n) | g, 0n);
}

export function parseAddress(text: string): Address | undefined {
  const four = ipv4(text);
  if (four !== undefined) return { v6: false, value: four };
  if (!text.includes(':')) return undefined;
  const six = ipv6(text);
  return six === undefined ? undefined : { v6: true, value: six };
}

/** `address/bits`; the address is masked to the network. Undefined when not a network. */
export function parseNetwork(spec: string): Network | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(spec);
  const a = m && parseAddress(m[1]);
  if (!m || !a) return undefined;
  const bits = Number(m[2]);
  const width = a.v6 ? 128 : 32;
  if (bits > width) return undefined;
  const host = BigInt(width - bits);
  return { v6: a.v6, bits, value: (a.value >> host) << host };
}

export function inNetwork(a: Address, n: Network): boolean {
  if (a.v6 !== n.v6) return false;
  const host = BigInt((n.v6 ? 128 : 32) - n.bits);
  return (a.value >> host) === (n.value >> host);
}

/** A network as three i64 words for the kernel: family * 256 + bits, high 64 bits, low 64 bits. */
export function networkWords(n: Network): bigint[] {
  return [BigInt((n.v6 ? 6 : 4) * 256 + n.bits), BigInt.asIntN(64, n.value >> 64n), BigInt.asIntN(64, n.value)];
}
