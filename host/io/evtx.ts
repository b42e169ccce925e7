// Windows EVTX (.evtx) reader: file header, 64 KiB chunks, records, BinXML, flat events.
// Browser-safe: no Node imports (Uint8Array, DataView, TextDecoder). host/io/evtx-node.ts
// streams files from disk through it; readEvtx() takes any async iterable of byte pieces
// (a fetch body, a Blob stream), readEvtxBlob() a File/Blob. Memory stays at one chunk.
//
// Damage never throws out of a scan: what cannot be read is reported through onProblem
// (with chunk and record) and skipped, everything else is kept. The policy follows the evtx
// crate's reader (see ../shared/data/evtx-samples/EXPECTED.md): all-zero chunks are skipped
// silently; a chunk with a bad magic is reported and skipped (past the header's chunk count,
// silently); bad checksums are reported and the chunk is still read; zeros where a record should
// start end the chunk; a record whose header is unreadable (bad magic, size < 28) ends its chunk;
// a record whose BinXML is unreadable is reported and the next record is read.
//
// Flat event layout (FlatEvent, one per record; the same names host/io/normalize.ts makes of
// the evtx_dump JSON export, so a rule sees the same fields from an .evtx and from its export):
// - System: each child element by name (Level, Task, Opcode, Keywords, Version, Channel,
//   Computer, ...; an empty one is null), attributes as `Element.#attributes.Name`
//   (`Provider.#attributes.Guid`, `Execution.#attributes.ProcessID`, `Security.#attributes.UserID`,
//   `EventID.#attributes.Qualifiers`, then `EventID.#text` holds the text). Canonical fields:
//   EventID and EventRecordID (numbers), Provider (the provider's Name), TimeCreated (SystemTime,
//   ISO 8601 with microseconds and Z), Channel, Computer; these always come from System.
// - EventData: `<Data Name="X">v</Data>` is field X (empty: ''); its own attributes `#attributes.A`. Unnamed `<Data>` elements are
//   `param1`, `param2`, ... (Winlogbeat's names, which Sigma rules use) and `Data` holds them all,
//   joined by newlines (so `Data|contains` sees every value). Other children (Binary, ...) by name.
// - UserData: the fields of its child element by name (nested elements as `Parent.Child`,
//   repeated names as `Name_1`, `Name_2`; attributes as `#attributes.Name`, as evtx_dump has them).
// - Other children of Event (RenderingInfo, ...): `Event.Element.Child`.
// - xmlns attributes are dropped. Values are text as XML shows them (see evtx-values.ts).
// Precedence on a name clash: System's canonical fields, then EventData, then System, then UserData.
import type { FieldValue, FlatEvent } from './event.js';
import { BinXmlChunk, NK, type AttrNode, type ElemNode, type Node, type SubNode, type Values } from './evtx-binxml.js';
import { arrayItems, crc32, EvtxFormatError, filetimeIso, renderValue, utf16, VT } from './evtx-values.js';

export const EVTX_HEADER_SIZE = 4096;
export const EVTX_CHUNK_SIZE = 65536;
const CHUNK_HEADER_SIZE = 512;
const RECORD_MAGIC = 0x00002a2a;
const FLAG_NO_CRC32 = 0x4;

export interface EvtxFileHeader {
  firstChunk: number; lastChunk: number; nextRecordId: number; headerSize: number;
  minorVersion: number; majorVersion: number; blockSize: number; chunkCount: number; flags: number;
  checksumOk: boolean;
}

export interface EvtxRecord {
  event: FlatEvent;
  /** EventRecordID from the record header. */
  id: number;
  /** 1-based position of the record in the file, counting every record slot read (also unreadable ones). */
  ordinal: number;
  /** 0-based chunk number (64 KiB block after the file header). */
  chunk: number;
  /** Byte offset of the record in the file, and its size in bytes. */
  offset: number;
  size: number;
  /** Written time from the record header (ISO 8601). */
  written: string;
}

export type EvtxProblemKind = 'file' | 'chunk' | 'checksum' | 'record';
export interface EvtxProblem {
  kind: EvtxProblemKind;
  message: string;
  chunk?: number;
  /** EventRecordID from the record header, when it could be read. */
  record?: number;
  ordinal?: number;
  /** Byte offset in the file. */
  offset?: number;
}
export type OnEvtxProblem = (p: EvtxProblem) => void;

const latin1 = (buf: Uint8Array, off: number, n: number) => String.fromCharCode(...buf.subarray(off, off + n));

/** Read the 4 KiB file header (only its first 128 bytes matter). Null (reported) when the magic is wrong. */
export function parseFileHeader(buf: Uint8Array, onProblem: OnEvtxProblem): EvtxFileHeader | null {
  if (buf.length < 128 || latin1(buf, 0, 8) !== 'ElfFile\0') {
    onProblem({ kind: 'file', offset: 0, message: buf.length < 8 ? 'file shorter than an EVTX header' : 'not an EVTX file (bad file header magic)' });
    return null;
  }
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u64 = (o: number) => dv.getUint32(o, true) + dv.getUint32(o + 4, true) * 4294967296;
  const h: EvtxFileHeader = {
    firstChunk: u64(8), lastChunk: u64(16), nextRecordId: u64(24), headerSize: dv.getUint32(32, true),
    minorVersion: dv.getUint16(36, true), majorVersion: dv.getUint16(38, true), blockSize: dv.getUint16(40, true),
    chunkCount: dv.getUint16(42, true), flags: dv.getUint32(120, true), checksumOk: true,
  };
  if (!(h.flags & FLAG_NO_CRC32) && crc32(buf, [[0, 120]]) !== dv.getUint32(124, true)) {
    h.checksumOk = false;
    onProblem({ kind: 'checksum', offset: 0, message: 'file header checksum mismatch' });
  }
  if (h.majorVersion !== 3) onProblem({ kind: 'file', offset: 0, message: `unexpected format version ${h.majorVersion}.${h.minorVersion}` });
  return h;
}

/**
 * The stateful part of reading one file: record ordinals and the declared chunk count. Feed it
 * the header block, then each 64 KiB block in order (the last may be short).
 */
export class EvtxParser {
  private ordinal = 0;
  private chunkCount = Infinity;
  readonly flatten = new Flattener();

  constructor(private readonly onProblem: OnEvtxProblem) {}

  header(block: Uint8Array): EvtxFileHeader | null {
    const h = parseFileHeader(block, this.onProblem);
    if (h !== null) this.chunkCount = h.chunkCount;
    return h;
  }

  /** After the last block: a file with fewer chunks than its header declares was cut short. */
  end(chunksSeen: number): void {
    if (chunksSeen < this.chunkCount && this.chunkCount !== Infinity) {
      this.onProblem({ kind: 'file', message: `file ends after ${chunksSeen} of the ${this.chunkCount} chunks its header declares: truncated` });
    }
  }

  /** Every readable record of one chunk (block `index` after the file header). */
  *chunk(block: Uint8Array, index: number): Generator<EvtxRecord> {
    const base = EVTX_HEADER_SIZE + index * EVTX_CHUNK_SIZE;
    const report = (p: Omit<EvtxProblem, 'chunk'>) => this.onProblem({ ...p, chunk: index });
    if (isZero(block)) return; // unused space in a dirty file
    if (block.length < CHUNK_HEADER_SIZE || latin1(block, 0, 8) !== 'ElfChnk\0') {
      // Past the declared chunk count, blocks that are not chunks are leftovers of an older log
      // (sysmon.evtx declares 1 chunk and holds 9, then 8 blocks of debris): skipped, not reported.
      if (index < this.chunkCount) report({ kind: 'chunk', offset: base, message: block.length < CHUNK_HEADER_SIZE ? `truncated chunk (${block.length} bytes)` : 'bad chunk magic, chunk skipped' });
      return;
    }
    const dv = new DataView(block.buffer, block.byteOffset, block.byteLength);
    const lastRecordId = dv.getUint32(32, true) + dv.getUint32(36, true) * 4294967296;
    let free = dv.getUint32(48, true);
    const flags = dv.getUint32(120, true);
    if (block.length < EVTX_CHUNK_SIZE) report({ kind: 'chunk', offset: base, message: `truncated chunk (${block.length} of ${EVTX_CHUNK_SIZE} bytes): reading the records it holds` });
    if (free < CHUNK_HEADER_SIZE || free > EVTX_CHUNK_SIZE) {
      report({ kind: 'chunk', offset: base, message: `free space offset ${free} is out of range: reading records up to the chunk end` });
      free = EVTX_CHUNK_SIZE;
    }
    const limit = Math.min(free, block.length);
    if (!(flags & FLAG_NO_CRC32) && block.length === EVTX_CHUNK_SIZE) {
      if (crc32(block, [[0, 120], [128, 512]]) !== dv.getUint32(124, true)) report({ kind: 'checksum', offset: base, message: 'chunk header checksum mismatch (chunk read anyway)' });
      else if (crc32(block, [[512, free]]) !== dv.getUint32(52, true)) report({ kind: 'checksum', offset: base, message: 'chunk records checksum mismatch (chunk read anyway)' });
    }

    const bx = new BinXmlChunk(block);
    for (let p = CHUNK_HEADER_SIZE; p + 24 <= limit;) {
      const magic = dv.getUint32(p, true);
      if (magic === 0) return; // zeros: the end of the records, whatever the free space offset says
      if (magic !== RECORD_MAGIC) {
        report({ kind: 'record', offset: base + p, message: `bad record magic 0x${magic.toString(16).padStart(8, '0')}: rest of chunk skipped` });
        return;
      }
      const size = dv.getUint32(p + 4, true);
      const id = dv.getUint32(p + 8, true) + dv.getUint32(p + 12, true) * 4294967296;
      const ordinal = ++this.ordinal;
      if (size < 28 || p + size > block.length) {
        report({ kind: 'record', record: id, ordinal, offset: base + p, message: size < 28 ? `invalid record size ${size} (at least 28): rest of chunk skipped` : `record of ${size} bytes runs past the chunk: rest of chunk skipped` });
        return;
      }
      let written = '';
      let event: FlatEvent | null = null;
      try {
        written = filetimeIso(dv.getUint32(p + 16, true), dv.getUint32(p + 20, true));
        const nodes = bx.parseFragment(p + 24, p + size - 4, false);
        event = this.flatten.record(bx, nodes, id, written);
      } catch (err) {
        // EvtxFormatError for what the format forbids, RangeError for reads past the chunk; anything
        // else would be a bug here, and is still one record's problem, not the scan's.
        const why = err instanceof EvtxFormatError || err instanceof RangeError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
        report({ kind: 'record', record: id, ordinal, offset: base + p, message: `unreadable record: ${why}` });
      }
      if (event !== null) yield { event, id, ordinal, chunk: index, offset: base + p, size, written };
      p += size;
      if (id === lastRecordId) break;
    }
  }
}

function isZero(b: Uint8Array): boolean {
  // Compare 4 bytes at a time where aligned.
  const n = b.byteOffset % 4 === 0 ? b.length >> 2 : 0;
  if (n > 0) {
    const w = new Uint32Array(b.buffer, b.byteOffset, n);
    for (let i = 0; i < n; i++) if (w[i] !== 0) return false;
  }
  for (let i = n * 4; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** Records of an EVTX byte stream given as pieces of any size (a fetch body, a Blob stream, Node chunks). */
export async function* readEvtx(source: AsyncIterable<Uint8Array>, onProblem: OnEvtxProblem): AsyncGenerator<EvtxRecord> {
  const parser = new EvtxParser(onProblem);
  const chunkBlock = new Uint8Array(EVTX_CHUNK_SIZE); // reused: records keep no reference to it
  let block = new Uint8Array(EVTX_HEADER_SIZE);
  let fill = 0;
  let index = -1; // -1: the file header
  for await (const piece of source) {
    let at = 0;
    while (at < piece.length) {
      const n = Math.min(block.length - fill, piece.length - at);
      block.set(piece.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill < block.length) break;
      if (index < 0) {
        // Not an EVTX file: stop, unless a chunk follows (a damaged header on a real log).
        if (parser.header(block) === null && !looksLikeChunkAhead(piece, at)) return;
      } else {
        yield* parser.chunk(block, index);
      }
      index++;
      block = chunkBlock;
      fill = 0;
    }
  }
  if (index < 0) parser.header(block.subarray(0, fill));
  else {
    if (fill > 0) yield* parser.chunk(block.subarray(0, fill), index++);
    parser.end(index);
  }
}

function looksLikeChunkAhead(piece: Uint8Array, at: number): boolean {
  return piece.length >= at + 8 && latin1(piece, at, 8) === 'ElfChnk\0';
}

/** Records of a Blob/File (browser or Node), read one 64 KiB chunk at a time. */
export async function* readEvtxBlob(blob: Blob, onProblem: OnEvtxProblem): AsyncGenerator<EvtxRecord> {
  const parser = new EvtxParser(onProblem);
  const head = new Uint8Array(await blob.slice(0, EVTX_HEADER_SIZE).arrayBuffer());
  if (parser.header(head) === null && head.length < EVTX_HEADER_SIZE) return;
  let i = 0;
  for (let off = EVTX_HEADER_SIZE; off < blob.size; i++, off += EVTX_CHUNK_SIZE) {
    yield* parser.chunk(new Uint8Array(await blob.slice(off, off + EVTX_CHUNK_SIZE).arrayBuffer()), i);
  }
  parser.end(i);
}

// ---------------------------------------------------------------------------------------------
// BinXML nodes → FlatEvent

/** Child elements with their values, flat: element, values, element, values, ... */
type Kids = (ElemNode | Values | null)[];

// Field names are built once per template node and prefix, then reused for every record: a
// fresh concatenated string per record and field costs more than the rest of the flattening.
function attrKey(a: AttrNode, prefix: string): string {
  if (a.cp !== prefix || a.ck === undefined) { a.cp = prefix; a.ck = (prefix === '' ? '#attributes.' : prefix + '.#attributes.') + a.name; }
  return a.ck;
}
function textKey(el: ElemNode, key: string): string {
  if (el.tp !== key || el.tk === undefined) { el.tp = key; el.tk = key + '.#text'; }
  return el.tk;
}
function childKey(el: ElemNode, prefix: string, name: string): string {
  if (el.kp !== prefix || el.kn !== name || el.kk === undefined) { el.kp = prefix; el.kn = name; el.kk = prefix + name; }
  return el.kk;
}

/** The System fields the canonical (routing) fields come from, as walked for one record. */
class SystemValues {
  eventId: FieldValue | undefined; eventIdText: FieldValue | undefined; recordId: FieldValue | undefined;
  channel: FieldValue | undefined; computer: FieldValue | undefined; provider: FieldValue | undefined; time: FieldValue | undefined;
  reset(): void {
    this.eventId = this.eventIdText = this.recordId = this.channel = this.computer = this.provider = this.time = undefined;
  }
  take(key: string, value: FieldValue): void {
    switch (key) {
      case 'EventID': this.eventId = value; break;
      case 'EventID.#text': this.eventIdText = value; break;
      case 'EventRecordID': this.recordId = value; break;
      case 'Channel': this.channel = value; break;
      case 'Computer': this.computer = value; break;
      case 'Provider.#attributes.Name': this.provider = value; break;
      case 'TimeCreated.#attributes.SystemTime': this.time = value; break;
    }
  }
}

/** Turns a record's BinXML nodes into a flat field map (layout in the header comment). */
export class Flattener {
  private bx!: BinXmlChunk;
  private out!: FlatEvent;
  private readonly sysValues = new SystemValues();
  /** While System is walked: where its canonical sources go. */
  private sys: SystemValues | null = null;

  record(bx: BinXmlChunk, nodes: Node[], id: number, written: string): FlatEvent {
    this.bx = bx;
    const out: FlatEvent = (this.out = {});
    const roots: Kids = [];
    this.resolve(nodes, null, roots);
    const sys = this.sysValues;
    sys.reset();
    for (let r = 0; r < roots.length; r += 2) {
      const root = roots[r] as ElemNode;
      const kids: Kids = [];
      this.resolve(root.children, roots[r + 1] as Values | null, kids);
      for (let i = 0; i < kids.length; i += 2) {
        const el = kids[i] as ElemNode, v = kids[i + 1] as Values | null;
        switch (el.name) {
          case 'System': this.sys = sys; this.container(el, v, false); this.sys = null; break;
          case 'EventData': this.eventData(el, v); break;
          case 'UserData': this.userData(el, v); break;
          default: this.general(el, v, childKey(el, 'Event.', el.name), true);
        }
      }
    }
    // Canonical System fields (routing reads them): System wins over same-named data fields.
    const eid = sys.eventIdText ?? sys.eventId;
    if (eid !== undefined && eid !== null) out.EventID = toNumber(eid);
    out.EventRecordID = sys.recordId !== undefined && sys.recordId !== null ? toNumber(sys.recordId) : id;
    if (sys.provider !== undefined) out.Provider = sys.provider;
    out.TimeCreated = sys.time !== undefined && sys.time !== null ? sys.time : written;
    if (sys.channel !== undefined) out.Channel = sys.channel;
    if (sys.computer !== undefined) out.Computer = sys.computer;
    return out;
  }

  private set(key: string, value: FieldValue, overwrite: boolean): void {
    if (this.sys !== null) this.sys.take(key, value);
    if (overwrite || !Object.hasOwn(this.out, key)) put(this.out, key, value);
  }

  /** Text content of `nodes` (values rendered, nested BinXML expanded); child elements go to `kids`. */
  private resolve(nodes: Node[], vals: Values | null, kids: Kids | null): string {
    let text = '';
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      switch (n.k) {
        case NK.Text: text += n.text; break;
        case NK.Elem: if (kids !== null) this.kid(n, vals, kids); break;
        case NK.Inst: text += this.resolve(n.nodes, n.values, kids); break;
        case NK.Sub: text += this.sub(n, vals, kids); break;
      }
    }
    return text;
  }

  /**
   * A child element. One whose whole content is an array-typed substitution stands for one
   * element per item, as Windows renders it (`<Data>` with a string array → several `<Data>`).
   */
  private kid(n: ElemNode, vals: Values | null, kids: Kids): void {
    const c = n.children;
    if (c.length === 1 && c[0]!.k === NK.Sub && vals !== null) {
      const i = c[0]!.index;
      const type = i < vals.types.length ? vals.types[i]! : 0;
      // An unnamed <Data> around an optional substitution that has no value is left out, as
      // Windows and libevtx render it (other empty elements stay, as null: <Binary/>, <Channel/>).
      if (c[0]!.optional && n.attrs.length === 0 && n.name === 'Data' && (type === VT.Null || vals.sizes[i] === 0)) return;
      if (type & VT.Array) {
        for (const text of arrayItems(this.bx.buf, this.bx.dv, type, vals.offs[i]!, vals.sizes[i]!)) {
          kids.push({ k: NK.Elem, name: n.name, attrs: n.attrs, children: [{ k: NK.Text, text }] }, vals);
        }
        return;
      }
    }
    kids.push(n, vals);
  }

  private sub(n: SubNode, vals: Values | null, kids: Kids | null): string {
    if (vals === null || n.index >= vals.types.length) return '';
    const type = vals.types[n.index]!, size = vals.sizes[n.index]!, off = vals.offs[n.index]!;
    if (type === VT.Null || size === 0) return '';
    if (type === VT.BinXml) return this.resolve(this.bx.nested(off, size), null, kids);
    return renderValue(this.bx.buf, this.bx.dv, type, off, size);
  }

  /** An attribute's value, or undefined when it is an optional substitution with no value (omitted). */
  private attr(parts: Node[], vals: Values | null): string | undefined {
    if (parts.length === 1) {
      const p = parts[0]!;
      if (p.k === NK.Text) return p.text;
      if (p.k === NK.Sub) {
        if (vals === null || p.index >= vals.types.length) return p.optional ? undefined : '';
        const type = vals.types[p.index]!;
        if (type === VT.Null && p.optional) return undefined;
        if (type !== VT.BinXml) return vals.sizes[p.index] === 0 ? '' : renderValue(this.bx.buf, this.bx.dv, type, vals.offs[p.index]!, vals.sizes[p.index]!);
      }
    }
    return this.resolve(parts, vals, null);
  }

  /** Attributes as `key.#attributes.A` (xmlns dropped); true when there was one. */
  private attrs(el: ElemNode, vals: Values | null, key: string, overwrite: boolean): boolean {
    let has = false;
    for (let i = 0; i < el.attrs.length; i++) {
      const a = el.attrs[i]!;
      if (a.name === 'xmlns') continue;
      const v = this.attr(a.parts, vals);
      if (v === undefined) continue;
      this.set(attrKey(a, key), v, overwrite);
      has = true;
    }
    return has;
  }

  /** evtx_dump's JSON shape, flattened: attributes `key.#attributes.A`, text `key` or `key.#text`, children `key.Child`, empty null. */
  private general(el: ElemNode, vals: Values | null, key: string, overwrite: boolean): void {
    const hasAttr = el.attrs.length > 0 && this.attrs(el, vals, key, overwrite);
    let kids: Kids | null = null;
    let text: string;
    const c = el.children;
    if (c.length === 1 && c[0]!.k === NK.Text) text = c[0]!.text;
    else if (c.length === 1 && c[0]!.k === NK.Sub && vals !== null && vals.types[c[0]!.index] !== VT.BinXml) text = this.sub(c[0]!, vals, null);
    else { kids = []; text = this.resolve(c, vals, kids); }
    const hasKids = kids !== null && kids.length > 0;
    if (hasKids) this.children(kids!, key + '.', overwrite);
    if (text !== '') this.set(hasAttr || hasKids ? textKey(el, key) : key, text, overwrite);
    else if (!hasAttr && !hasKids) this.set(key, null, overwrite);
  }

  /** Child elements under `prefix`, repeated names numbered `Name_1`, `Name_2`, ... */
  private children(kids: Kids, prefix: string, overwrite: boolean): void {
    let seen: Map<string, number> | null = null;
    for (let i = 0; i < kids.length; i += 2) {
      const el = kids[i] as ElemNode;
      let name = el.name;
      if (kids.length > 2) {
        seen ??= new Map();
        const c = seen.get(name);
        seen.set(name, (c ?? 0) + 1);
        if (c !== undefined) name += '_' + c;
      }
      this.general(el, kids[i + 1] as Values | null, childKey(el, prefix, name), overwrite);
    }
  }

  /** System (and UserData's element): its children as fields at the top level. */
  private container(el: ElemNode, vals: Values | null, overwrite: boolean): void {
    const kids: Kids = [];
    this.resolve(el.children, vals, kids);
    this.children(kids, '', overwrite);
  }

  private eventData(el: ElemNode, vals: Values | null): void {
    if (el.attrs.length) this.attrs(el, vals, '', true);
    const kids: Kids = [];
    this.resolve(el.children, vals, kids);
    let unnamed: string[] | null = null;
    let others: Kids | null = null;
    for (let i = 0; i < kids.length; i += 2) {
      const d = kids[i] as ElemNode, v = kids[i + 1] as Values | null;
      if (d.name !== 'Data') { (others ??= []).push(d, v); continue; }
      let name: string | undefined;
      for (const a of d.attrs) if (a.name === 'Name') { name = this.attr(a.parts, v); break; }
      const c = d.children;
      const text = c.length === 1 && c[0]!.k === NK.Sub ? this.sub(c[0]!, v, null) : this.resolve(c, v, null);
      if (name !== undefined && name !== '') put(this.out, name, text);
      else (unnamed ??= []).push(text);
    }
    if (others !== null) this.children(others, '', true);
    if (unnamed !== null) {
      for (let i = 0; i < unnamed.length; i++) this.set('param' + (i + 1), unnamed[i]!, false);
      this.set('Data', unnamed.join('\n'), true);
    }
  }

  private userData(el: ElemNode, vals: Values | null): void {
    const kids: Kids = [];
    this.resolve(el.children, vals, kids);
    for (let i = 0; i < kids.length; i += 2) {
      const u = kids[i] as ElemNode, v = kids[i + 1] as Values | null;
      if (u.attrs.length) this.attrs(u, v, '', false);
      this.container(u, v, false);
    }
  }
}

/** Set a field; a data field named `__proto__` is a field like any other, not the prototype. */
function put(out: FlatEvent, key: string, value: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function toNumber(v: FieldValue): FieldValue {
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return v;
}

// Re-exported for tools that render single values (tests, dump).
export { renderValue, utf16, VT };
