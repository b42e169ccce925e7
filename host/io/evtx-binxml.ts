// BinXML (the binary XML inside EVTX chunks) to a small node tree. Browser-safe.
//
// A record's BinXML is usually one template instance: a reference to a template definition
// (an XML skeleton stored once per chunk, parsed once and cached here) plus an array of
// substitution values. Nodes keep substitutions symbolic; values are read by the flattener.
// All offsets are relative to the start of the chunk, as BinXML's own offsets are.
import { EvtxFormatError, renderValue, utf16, VT } from './evtx-values.js';

export const enum NK { Elem, Text, Sub, Inst }
export interface ElemNode {
  k: NK.Elem; name: string; attrs: AttrNode[]; children: Node[];
  // Field-name caches of the flattener (prefix → key), kept on the cached template nodes.
  tp?: string; tk?: string; kp?: string; kn?: string; kk?: string;
}
export interface AttrNode { name: string; parts: Node[]; cp?: string; ck?: string }
export interface TextNode { k: NK.Text; text: string }
export interface SubNode { k: NK.Sub; index: number; optional: boolean }
/** A template instance: the definition's nodes, and this instance's values (positions in the chunk). */
export interface InstNode { k: NK.Inst; nodes: Node[]; values: Values }
export type Node = ElemNode | TextNode | SubNode | InstNode;

export interface Values { types: number[]; offs: number[]; sizes: number[] }

const enum T {
  EOF = 0x00, OpenStart = 0x01, CloseStart = 0x02, CloseEmpty = 0x03, End = 0x04, Value = 0x05, Attr = 0x06,
  CData = 0x07, CharRef = 0x08, EntityRef = 0x09, PITarget = 0x0a, PIData = 0x0b, Template = 0x0c,
  Sub = 0x0d, OptSub = 0x0e, Fragment = 0x0f,
}

const VALUE_TOKEN_SIZE: Partial<Record<number, number>> = {
  [VT.Int8]: 1, [VT.UInt8]: 1, [VT.Int16]: 2, [VT.UInt16]: 2, [VT.Int32]: 4, [VT.UInt32]: 4, [VT.Int64]: 8, [VT.UInt64]: 8,
  [VT.Real32]: 4, [VT.Real64]: 8, [VT.Bool]: 4, [VT.Guid]: 16, [VT.FileTime]: 8, [VT.SysTime]: 16, [VT.HexInt32]: 4, [VT.HexInt64]: 8,
};
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const MAX_DEPTH = 64;

/** One chunk's BinXML reader: names and template definitions are cached by their offset. */
export class BinXmlChunk {
  readonly dv: DataView;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, Node[]>();
  private readonly parsing = new Set<number>();
  private pos = 0;
  private depth = 0;

  constructor(readonly buf: Uint8Array) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Parse the BinXML fragment(s) of a record or of a BinXml substitution value, [start, end). */
  parseFragment(start: number, end: number, hasDepId: boolean): Node[] {
    this.pos = start;
    this.depth = 0;
    return this.nodes(end, hasDepId, true);
  }

  private u8(): number {
    if (this.pos >= this.buf.length) throw new EvtxFormatError(`BinXML runs past the chunk at ${this.pos}`);
    return this.buf[this.pos++]!;
  }
  private u16(): number { const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  private u32(): number { const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }

  /** A name: an offset to a name record (hash, length, UTF-16 text), which may follow inline. */
  private name(): string {
    const at = this.u32();
    const inline = at === this.pos;
    let s = this.names.get(at);
    if (s === undefined) {
      if (at + 8 > this.buf.length) throw new EvtxFormatError(`name offset ${at} is outside the chunk`);
      const units = this.dv.getUint16(at + 6, true);
      s = utf16(this.buf, at + 8, units);
      this.names.set(at, s);
    }
    if (inline) this.pos = at + 8 + s.length * 2 + 2;
    return s;
  }

  /** Top-level nodes of a fragment or of an element's content; stops at EOF, End, or `end`. */
  private nodes(end: number, hasDepId: boolean, top: boolean): Node[] {
    const out: Node[] = [];
    while (this.pos < end) {
      const tok = this.buf[this.pos]!;
      const base = tok & 0xbf;
      if (base === T.EOF) { this.pos++; if (top) break; else throw new EvtxFormatError(`end of stream inside an element at ${this.pos - 1}`); }
      if (base === T.End) { if (top) throw new EvtxFormatError(`unexpected end-element token at ${this.pos}`); this.pos++; break; }
      this.pos++;
      switch (base) {
        case T.Fragment: this.pos += 3; break;
        case T.OpenStart: out.push(this.element(tok, end, hasDepId)); break;
        case T.Template: out.push(this.instance()); break;
        case T.PITarget: this.name(); break;
        case T.PIData: { const n = this.u16(); this.pos += n * 2; break; }
        default: {
          const part = this.part(base);
          if (part === null) throw new EvtxFormatError(`unexpected BinXML token 0x${tok.toString(16)} at ${this.pos - 1}`);
          out.push(part);
        }
      }
    }
    return out;
  }

  /** A text-ish token after its byte: value, substitution, CDATA, character or entity reference. */
  private part(base: number): Node | null {
    switch (base) {
      case T.Value: {
        const type = this.u8();
        if (type === VT.String) {
          const n = this.u16();
          const text = utf16(this.buf, this.pos, n);
          this.pos += n * 2;
          return { k: NK.Text, text };
        }
        // Other types are rare in value tokens: fixed-size ones are read in place.
        const size = VALUE_TOKEN_SIZE[type];
        if (size === undefined) throw new EvtxFormatError(`value token of type 0x${type.toString(16)} at ${this.pos - 2}`);
        const text = renderValue(this.buf, this.dv, type, this.pos, size);
        this.pos += size;
        return { k: NK.Text, text };
      }
      case T.Sub: case T.OptSub: {
        const index = this.u16();
        this.pos++; // the value type; the instance's descriptor is what counts
        return { k: NK.Sub, index, optional: base === T.OptSub };
      }
      case T.CData: {
        const n = this.u16();
        const text = utf16(this.buf, this.pos, n);
        this.pos += n * 2;
        return { k: NK.Text, text };
      }
      case T.CharRef: return { k: NK.Text, text: String.fromCharCode(this.u16()) };
      case T.EntityRef: {
        const n = this.name();
        return { k: NK.Text, text: ENTITIES[n] ?? `&${n};` };
      }
      default: return null;
    }
  }

  private element(tok: number, end: number, hasDepId: boolean): ElemNode {
    if (++this.depth > MAX_DEPTH) throw new EvtxFormatError('BinXML elements nested too deeply');
    // Template definitions carry a 2-byte dependency identifier before the size; elements written
    // directly in a record or in a BinXml value do not. A name offset that points right behind the
    // header (inline name) or backwards tells which layout is there when the two disagree.
    const p = this.pos;
    if (!this.plausibleName(p, hasDepId) && this.plausibleName(p, !hasDepId)) hasDepId = !hasDepId;
    this.pos = p + (hasDepId ? 6 : 4); // skip dependency id and data size
    const name = this.name();
    const attrs: AttrNode[] = [];
    if (tok & 0x40) {
      this.pos += 4; // attribute list size
      for (;;) {
        const t = this.buf[this.pos]!;
        if ((t & 0xbf) !== T.Attr) break;
        this.pos++;
        const aname = this.name();
        const parts: Node[] = [];
        for (;;) {
          const b = this.buf[this.pos]! & 0xbf;
          if (b === T.Attr || b === T.CloseStart || b === T.CloseEmpty || b === T.End || b === T.EOF) break;
          this.pos++;
          const part = this.part(b);
          if (part === null) throw new EvtxFormatError(`unexpected token 0x${b.toString(16)} in attribute ${aname} at ${this.pos - 1}`);
          parts.push(part);
        }
        attrs.push({ name: aname, parts });
        if ((t & 0x40) === 0) break;
      }
    }
    const close = this.u8();
    let children: Node[] = [];
    if (close === T.CloseStart) children = this.nodes(end, hasDepId, false);
    else if (close !== T.CloseEmpty) throw new EvtxFormatError(`element ${name}: expected a close-start token, found 0x${close.toString(16)} at ${this.pos - 1}`);
    this.depth--;
    return { k: NK.Elem, name, attrs, children };
  }

  private plausibleName(p: number, dep: boolean): boolean {
    const at = p + (dep ? 6 : 4);
    if (at + 4 > this.buf.length) return false;
    const off = this.dv.getUint32(at, true);
    return off === at + 4 || (off < p && off + 8 <= this.buf.length);
  }

  /** Template instance after its token: definition (inline or by offset), then the value array. */
  private instance(): InstNode {
    this.pos += 1 + 4; // unknown byte, template id
    const defOffset = this.u32();
    if (defOffset === this.pos) {
      const dataSize = this.dv.getUint32(this.pos + 20, true);
      this.pos += 24 + dataSize; // next-template offset, GUID, size, then the definition itself
    }
    const nodes = this.template(defOffset);
    const n = this.u32();
    if (n > 8192) throw new EvtxFormatError(`template instance with ${n} values`);
    const types: number[] = new Array(n), offs: number[] = new Array(n), sizes: number[] = new Array(n);
    const buf = this.buf;
    let p = this.pos, off = p + n * 4;
    if (off > buf.length) throw new EvtxFormatError(`substitution descriptors run past the chunk (${off})`);
    for (let i = 0; i < n; i++, p += 4) {
      const size = buf[p]! | (buf[p + 1]! << 8);
      sizes[i] = size;
      types[i] = buf[p + 2]!;
      offs[i] = off;
      off += size;
    }
    if (off > this.buf.length) throw new EvtxFormatError(`substitution values run past the chunk (${off})`);
    this.pos = off;
    return { k: NK.Inst, nodes, values: { types, offs, sizes } };
  }

  /** The cached nodes of the template definition at `offset` (parsed on first use). */
  private template(offset: number): Node[] {
    const cached = this.templates.get(offset);
    if (cached !== undefined) return cached;
    if (offset < 512 || offset + 24 > this.buf.length) throw new EvtxFormatError(`template definition offset ${offset} is outside the chunk`);
    const size = this.dv.getUint32(offset + 20, true);
    const start = offset + 24;
    const end = Math.min(start + size, this.buf.length);
    if (this.parsing.has(offset)) throw new EvtxFormatError(`template definition at ${offset} refers to itself`);
    const saved = this.pos, savedDepth = this.depth;
    this.pos = start;
    this.parsing.add(offset);
    let nodes: Node[];
    try {
      nodes = this.nodes(end, true, true);
    } finally {
      this.pos = saved;
      this.depth = savedDepth;
      this.parsing.delete(offset);
    }
    this.templates.set(offset, nodes);
    return nodes;
  }

  /** Parse a BinXml-typed substitution value (nested BinXML) into nodes. */
  nested(off: number, size: number): Node[] {
    const saved = this.pos, savedDepth = this.depth;
    if (++this.depth > MAX_DEPTH) throw new EvtxFormatError('BinXML values nested too deeply');
    this.pos = off;
    try {
      return this.nodes(off + size, false, true);
    } finally {
      this.pos = saved;
      this.depth = savedDepth;
    }
  }
}
