// BinXML value types (the substitution and value-token payloads of Windows EVTX records) and
// their text forms. Browser-safe: Uint8Array/DataView/TextDecoder only, no Node imports.
//
// The text forms follow what Windows and the evtx reference tools render in XML: integers in
// decimal, HexInt32/64 and size_t as lowercase `0x…` without padding, GUIDs as uppercase
// `8-4-4-4-12` without braces, FILETIME/SYSTEMTIME as ISO 8601 UTC with microseconds and `Z`,
// binary as uppercase hex, booleans as `true`/`false` (any non-zero value is true), arrays
// comma-separated.

export const enum VT {
  Null = 0x00, String = 0x01, AnsiString = 0x02, Int8 = 0x03, UInt8 = 0x04, Int16 = 0x05, UInt16 = 0x06,
  Int32 = 0x07, UInt32 = 0x08, Int64 = 0x09, UInt64 = 0x0a, Real32 = 0x0b, Real64 = 0x0c, Bool = 0x0d,
  Binary = 0x0e, Guid = 0x0f, SizeT = 0x10, FileTime = 0x11, SysTime = 0x12, Sid = 0x13, HexInt32 = 0x14,
  HexInt64 = 0x15, EvtHandle = 0x20, BinXml = 0x21, EvtXml = 0x23, Array = 0x80,
}

/** Thrown for data that cannot be read; the record parser turns it into a reported problem. */
export class EvtxFormatError extends Error {}

const utf16Decoder = new TextDecoder('utf-16le');
let ansiDecoder: TextDecoder | null = null;
function ansi(): TextDecoder {
  if (ansiDecoder === null) {
    try { ansiDecoder = new TextDecoder('windows-1252'); } catch { ansiDecoder = new TextDecoder('latin1'); }
  }
  return ansiDecoder;
}

/** UTF-16LE text of `units` code units at `off` (short strings by hand: cheaper than a decoder call). */
export function utf16(buf: Uint8Array, off: number, units: number): string {
  if (off + units * 2 > buf.length) throw new EvtxFormatError(`string of ${units} characters at ${off} runs past the data`);
  if (units > 24) return utf16Decoder.decode(buf.subarray(off, off + units * 2));
  let s = '';
  for (let i = 0; i < units; i++, off += 2) s += String.fromCharCode(buf[off]! | (buf[off + 1]! << 8));
  return s;
}

/** UTF-16LE text of a value that may end in NULs: it stops at the first NUL unit. */
function utf16z(buf: Uint8Array, off: number, bytes: number): string {
  let units = bytes >>> 1;
  for (let i = 0; i < units; i++) {
    if (buf[off + 2 * i] === 0 && buf[off + 2 * i + 1] === 0) { units = i; break; }
  }
  return utf16(buf, off, units);
}

const HEX = '0123456789ABCDEF';
const hexByte: string[] = Array.from({ length: 256 }, (_, i) => HEX[i >> 4]! + HEX[i & 15]!);

function hex64(lo: number, hi: number): string {
  return hi === 0 ? '0x' + lo.toString(16) : '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}

const TWO32 = 4294967296;
/** Unsigned 64-bit decimal from two u32 halves (exact, without BigInt for the common < 2^53 case). */
function u64dec(lo: number, hi: number): string {
  if (hi < 0x200000) return String(hi * TWO32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}
function i64dec(lo: number, hi: number): string {
  if (hi >= 0x80000000) {
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    return (v - (1n << 64n)).toString();
  }
  return u64dec(lo, hi);
}

function pad(n: number, w: number): string {
  const s = String(n);
  return s.length >= w ? s : '0000000'.slice(0, w - s.length) + s;
}

const FILETIME_UNIX_SECONDS = 11644473600; // seconds from 1601-01-01 to 1970-01-01
/** FILETIME (100 ns ticks since 1601, as u32 halves) as ISO 8601 with microseconds: 2019-03-08T19:50:03.123456Z. */
export function filetimeIso(lo: number, hi: number): string {
  // 2^32 = 429 * 10^7 + 4967296, so the split below is exact for any realistic date.
  const t = hi * 4967296 + lo;
  const seconds = hi * 429 + Math.floor(t / 1e7);
  const ticks = t % 1e7;
  if (seconds !== lastSeconds) {
    const ms = (seconds - FILETIME_UNIX_SECONDS) * 1000;
    if (!(ms >= -62135596800000 && ms <= 253402300799000)) return u64dec(lo, hi); // outside years 1..9999
    lastPrefix = new Date(ms).toISOString().slice(0, 20); // YYYY-MM-DDTHH:MM:SS.
    lastSeconds = seconds;
  }
  return lastPrefix + pad(Math.floor(ticks / 10), 6) + 'Z';
}
// Records come in time order: most times share their second with the one before.
let lastSeconds = -1;
let lastPrefix = '';

function systimeIso(dv: DataView, off: number): string {
  const y = dv.getUint16(off, true), mo = dv.getUint16(off + 2, true), d = dv.getUint16(off + 6, true);
  const h = dv.getUint16(off + 8, true), mi = dv.getUint16(off + 10, true), s = dv.getUint16(off + 12, true), ms = dv.getUint16(off + 14, true);
  return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}000Z`;
}

/** GUID as uppercase 8-4-4-4-12 (first three groups little-endian), no braces. */
function guid(buf: Uint8Array, o: number): string {
  const b = (i: number) => hexByte[buf[o + i]!]!;
  return b(3) + b(2) + b(1) + b(0) + '-' + b(5) + b(4) + '-' + b(7) + b(6) + '-' + b(8) + b(9) + '-' + b(10) + b(11) + b(12) + b(13) + b(14) + b(15);
}

/** SID as S-R-A-S1-...; returns the text and the bytes it used. */
function sid(buf: Uint8Array, dv: DataView, o: number, end: number): [string, number] {
  if (o + 8 > end) throw new EvtxFormatError('SID shorter than 8 bytes');
  const count = buf[o + 1]!;
  const authority = buf[o + 2]! * 2 ** 40 + buf[o + 3]! * 2 ** 32 + dv.getUint32(o + 4, false);
  let s = 'S-' + buf[o]! + '-' + authority;
  const n = Math.min(count, Math.floor((end - o - 8) / 4)); // an incomplete SID keeps what is there
  for (let i = 0; i < n; i++) s += '-' + dv.getUint32(o + 8 + 4 * i, true);
  return [s, 8 + 4 * n];
}

function real32(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

const FIXED_SIZE: Partial<Record<number, number>> = {
  [VT.Int8]: 1, [VT.UInt8]: 1, [VT.Int16]: 2, [VT.UInt16]: 2, [VT.Int32]: 4, [VT.UInt32]: 4, [VT.Real32]: 4,
  [VT.Bool]: 4, [VT.HexInt32]: 4, [VT.Int64]: 8, [VT.UInt64]: 8, [VT.Real64]: 8, [VT.HexInt64]: 8,
  [VT.FileTime]: 8, [VT.Guid]: 16, [VT.SysTime]: 16, [VT.SizeT]: 8,
};

/**
 * The text of one value of type `type` held in `size` bytes at `off`. Null, EvtHandle and
 * EvtXml render as ''. BinXml (0x21) is expanded by the BinXML parser, not here.
 */
export function renderValue(buf: Uint8Array, dv: DataView, type: number, off: number, size: number): string {
  if (off + size > buf.length) throw new EvtxFormatError(`value of ${size} bytes at ${off} runs past the chunk`);
  switch (type) {
    case VT.Null: return '';
    case VT.String: return utf16z(buf, off, size);
    case VT.AnsiString: {
      let end = off;
      while (end < off + size && buf[end] !== 0) end++;
      return ansi().decode(buf.subarray(off, end));
    }
    case VT.Int8: need(size, 1); return String(dv.getInt8(off));
    case VT.UInt8: need(size, 1); return String(buf[off]);
    case VT.Int16: need(size, 2); return String(dv.getInt16(off, true));
    case VT.UInt16: need(size, 2); return String(dv.getUint16(off, true));
    case VT.Int32: need(size, 4); return String(dv.getInt32(off, true));
    case VT.UInt32: need(size, 4); return String(dv.getUint32(off, true));
    case VT.Int64: need(size, 8); return i64dec(dv.getUint32(off, true), dv.getUint32(off + 4, true));
    case VT.UInt64: need(size, 8); return u64dec(dv.getUint32(off, true), dv.getUint32(off + 4, true));
    case VT.Real32: need(size, 4); return real32(dv.getFloat32(off, true));
    case VT.Real64: need(size, 8); return String(dv.getFloat64(off, true));
    case VT.Bool: {
      for (let i = 0; i < size; i++) if (buf[off + i] !== 0) return 'true';
      return 'false';
    }
    case VT.Binary: {
      let s = '';
      for (let i = 0; i < size; i++) s += hexByte[buf[off + i]!];
      return s;
    }
    case VT.Guid: need(size, 16); return guid(buf, off);
    case VT.SizeT:
      if (size === 4) return '0x' + dv.getUint32(off, true).toString(16);
      need(size, 8); return hex64(dv.getUint32(off, true), dv.getUint32(off + 4, true));
    case VT.FileTime: need(size, 8); return filetimeIso(dv.getUint32(off, true), dv.getUint32(off + 4, true));
    case VT.SysTime: need(size, 16); return systimeIso(dv, off);
    case VT.Sid: return sid(buf, dv, off, off + size)[0];
    case VT.HexInt32: need(size, 4); return '0x' + dv.getUint32(off, true).toString(16);
    case VT.HexInt64: need(size, 8); return hex64(dv.getUint32(off, true), dv.getUint32(off + 4, true));
    case VT.EvtHandle: case VT.EvtXml: return '';
    default:
      if (type & VT.Array) return arrayItems(buf, dv, type, off, size).join(',');
      throw new EvtxFormatError(`unknown value type 0x${type.toString(16)}`);
  }
}

function need(size: number, n: number): void {
  if (size < n) throw new EvtxFormatError(`value of ${size} bytes where ${n} are needed`);
}

/** The items of an array value (type has the 0x80 flag), each rendered as text. */
export function arrayItems(buf: Uint8Array, dv: DataView, type: number, off: number, size: number): string[] {
  if (off + size > buf.length) throw new EvtxFormatError(`value of ${size} bytes at ${off} runs past the chunk`);
  const base = type & 0x7f;
  const end = off + size;
  const parts: string[] = [];
  if (base === VT.String) {
    // NUL-terminated UTF-16 strings, one after another.
    let start = off;
    for (let p = off; p + 1 < end; p += 2) {
      if (buf[p] === 0 && buf[p + 1] === 0) { parts.push(utf16(buf, start, (p - start) >> 1)); start = p + 2; }
    }
    if (start + 1 < end) parts.push(utf16(buf, start, (end - start) >> 1));
  } else if (base === VT.AnsiString) {
    let start = off;
    for (let p = off; p < end; p++) if (buf[p] === 0) { parts.push(ansi().decode(buf.subarray(start, p))); start = p + 1; }
    if (start < end) parts.push(ansi().decode(buf.subarray(start, end)));
  } else if (base === VT.Sid) {
    for (let p = off; p + 8 <= end;) { const [s, n] = sid(buf, dv, p, end); parts.push(s); p += n; }
  } else {
    const w = FIXED_SIZE[base];
    if (w === undefined) throw new EvtxFormatError(`unknown array value type 0x${(base | 0x80).toString(16)}`);
    for (let p = off; p + w <= end; p += w) parts.push(renderValue(buf, dv, base, p, w));
  }
  return parts;
}

/** CRC-32 (IEEE) over the given ranges of one buffer; eight bytes a step (slicing-by-8 tables). */
const CRC_TABLES = (() => {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n]! >>> 8) ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  return t;
})();
export function crc32(buf: Uint8Array, ranges: ReadonlyArray<readonly [number, number]>): number {
  const t = CRC_TABLES;
  let c = -1;
  for (const [start, end] of ranges) {
    let i = start;
    for (; i + 8 <= end; i += 8) {
      const a = c ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
      c = t[1792 + (a & 0xff)]! ^ t[1536 + ((a >>> 8) & 0xff)]! ^ t[1280 + ((a >>> 16) & 0xff)]! ^ t[1024 + (a >>> 24)]!
        ^ t[768 + buf[i + 4]!]! ^ t[512 + buf[i + 5]!]! ^ t[256 + buf[i + 6]!]! ^ t[buf[i + 7]!]!;
    }
    for (; i < end; i++) c = t[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ -1) >>> 0;
}
