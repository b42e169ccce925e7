// The sigwasm kernel: runs a compiled program over a packed batch in linear memory.
// Per event: look up the rules of its route key (skip it untouched when none); walk its msgpack
// map once to fill the field position table for the slots the program reads; run each rule's
// bytecode over that table; append (event, rule) pairs to the output region. No imports.
import { BatchHeader, Compare, Magic, Op, ProgramHeader, Route, Slot } from './opcodes';
import { inNetwork, parseAddress } from './ip';
import { contains, fold, glob, parseInteger, parsed, sameText, sortedContains, timePart } from './strings';

/** The host evaluates regular expressions the kernel cannot (entry `id` of its table, over UTF-8 text). */
@external("env", "regex")
declare function hostRegex(id: i32, text: usize, length: i32): i32;

// ---- memory: a bump allocator the host uses for the program, batches and output ----
let heapTop: usize = 0;

export function alloc(size: usize): usize {
  if (heapTop == 0) heapTop = (__heap_base + 15) & ~15;
  const ptr = heapTop;
  heapTop = (ptr + size + 15) & ~15;
  const pages = i32((heapTop + 0xffff) >> 16) - memory.size();
  if (pages > 0 && memory.grow(pages) < 0) unreachable();
  return ptr;
}

// ---- the loaded program ----
let prog: usize = 0;
let slotCount: i32 = 0;
let ruleCount: i32 = 0;
let routeCount: i32 = 0;
let slotsAt: usize = 0;
let stringsAt: usize = 0;
let setsAt: usize = 0;
let rulesAt: usize = 0;
let routesAt: usize = 0;
let routeRulesAt: usize = 0;
let codeAt: usize = 0;
let anyRoute: i32 = -1;
let fieldIdLimit: i32 = 0;
let idToSlot: usize = 0; // i32 per field id: slot or -1
let namedSlots: usize = 0; // i32 slot indices of slots matched by name
let namedCount: i32 = 0;

// Field position table, one entry per slot; an entry is current when its generation is.
const T_NULL: u8 = 1, T_BOOL: u8 = 2, T_INT: u8 = 3, T_STR: u8 = 4, T_OTHER: u8 = 5;
let slotGen: usize = 0; // u32
let slotType: usize = 0; // u8
let slotPos: usize = 0; // u32: string offset
let slotVal: usize = 0; // i64: integer value, bool, or string length
let generation: u32 = 0;
let seen: i32 = 0;
let anySlot: i32 = 0;
let currentMap: usize = 0; // the event being matched, for keyword searches

let scratch: usize = 0; // two 32-byte buffers for integers printed as text
const TRUE_TEXT = memory.data<u8>([116, 114, 117, 101]);
const FALSE_TEXT = memory.data<u8>([102, 97, 108, 115, 101]);

@inline function hdr(word: i32): u32 { return load<u32>(prog + (<usize>word << 2)); }

/** Load a program (bytes at ptr); returns 0, or 1 when it is not a program this kernel reads. */
export function loadProgram(ptr: usize): i32 {
  prog = ptr;
  if (hdr(ProgramHeader.MAGIC) != Magic.PROGRAM) return 1;
  slotCount = hdr(ProgramHeader.SLOT_COUNT);
  ruleCount = hdr(ProgramHeader.RULE_COUNT);
  routeCount = hdr(ProgramHeader.ROUTE_COUNT);
  slotsAt = prog + hdr(ProgramHeader.SLOTS_OFFSET);
  stringsAt = prog + hdr(ProgramHeader.STRINGS_OFFSET);
  setsAt = prog + hdr(ProgramHeader.SETS_OFFSET);
  rulesAt = prog + hdr(ProgramHeader.RULES_OFFSET);
  routesAt = prog + hdr(ProgramHeader.ROUTES_OFFSET);
  routeRulesAt = prog + hdr(ProgramHeader.ROUTE_RULES_OFFSET);
  codeAt = prog + hdr(ProgramHeader.CODE_OFFSET);
  fieldIdLimit = hdr(ProgramHeader.FIELD_ID_LIMIT);
  anyRoute = -1;
  if (routeCount > 0 && load<u32>(routesAt + <usize>(routeCount - 1) * 12) == Route.ANY) anyRoute = routeCount - 1;

  idToSlot = alloc(<usize>fieldIdLimit << 2);
  memory.fill(idToSlot, 0xff, <usize>fieldIdLimit << 2);
  namedSlots = alloc(<usize>slotCount << 2);
  namedCount = 0;
  for (let s = 0; s < slotCount; s++) {
    const id = load<i32>(slotsAt + (<usize>s << 3));
    if (id >= 0) store<i32>(idToSlot + (<usize>id << 2), s);
    else { store<i32>(namedSlots + (<usize>namedCount << 2), s); namedCount++; }
  }
  // One extra entry: the slot keyword searches record each value of the event in.
  anySlot = slotCount;
  slotGen = alloc(<usize>(slotCount + 1) << 2);
  memory.fill(slotGen, 0, <usize>(slotCount + 1) << 2);
  slotType = alloc(<usize>(slotCount + 1));
  slotPos = alloc(<usize>(slotCount + 1) << 2);
  slotVal = alloc(<usize>(slotCount + 1) << 3);
  scratch = alloc(64);
  generation = 0;
  return 0;
}

// ---- msgpack reading (big-endian) ----
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }
@inline function be64(p: usize): u64 { return bswap<u64>(load<u64>(p)); }

/** Position just past the msgpack value at p. */
function skip(p: usize): usize {
  const b = <u32>load<u8>(p);
  if (b <= 0x7f || b >= 0xe0) return p + 1;
  if (b <= 0x8f) { let q = p + 1; for (let i: u32 = 0; i < (b & 15) * 2; i++) q = skip(q); return q; }
  if (b <= 0x9f) { let q = p + 1; for (let i: u32 = 0; i < (b & 15); i++) q = skip(q); return q; }
  if (b <= 0xbf) return p + 1 + (b & 31);
  switch (b) {
    case 0xc0: case 0xc2: case 0xc3: return p + 1;
    case 0xc4: case 0xd9: return p + 2 + <usize>load<u8>(p + 1);
    case 0xc5: case 0xda: return p + 3 + be16(p + 1);
    case 0xc6: case 0xdb: return p + 5 + be32(p + 1);
    case 0xc7: return p + 3 + <usize>load<u8>(p + 1);
    case 0xc8: return p + 4 + be16(p + 1);
    case 0xc9: return p + 6 + be32(p + 1);
    case 0xca: return p + 5;
    case 0xcb: return p + 9;
    case 0xcc: case 0xd0: return p + 2;
    case 0xcd: case 0xd1: return p + 3;
    case 0xce: case 0xd2: return p + 5;
    case 0xcf: case 0xd3: return p + 9;
    case 0xd4: return p + 3;
    case 0xd5: return p + 4;
    case 0xd6: return p + 6;
    case 0xd7: return p + 10;
    case 0xd8: return p + 18;
    case 0xdc: { const n = be16(p + 1); let q = p + 3; for (let i: u32 = 0; i < n; i++) q = skip(q); return q; }
    case 0xdd: { const n = be32(p + 1); let q = p + 5; for (let i: u32 = 0; i < n; i++) q = skip(q); return q; }
    case 0xde: { const n = be16(p + 1) * 2; let q = p + 3; for (let i: u32 = 0; i < n; i++) q = skip(q); return q; }
    case 0xdf: { const n = be32(p + 1) * 2; let q = p + 5; for (let i: u32 = 0; i < n; i++) q = skip(q); return q; }
  }
  return p + 1;
}

/** Record the value at p in the table entry of slot s; returns the position after it. */
function record(s: i32, p: usize): usize {
  const b = <u32>load<u8>(p);
  let type = T_OTHER;
  let val: i64 = 0;
  let pos: u32 = 0;
  let next: usize = 0;
  if (b <= 0x7f) { type = T_INT; val = b; next = p + 1; }
  else if (b >= 0xe0) { type = T_INT; val = <i64><i8>b; next = p + 1; }
  else if (b >= 0xa0 && b <= 0xbf) { type = T_STR; pos = <u32>(p + 1); val = b & 31; next = p + 1 + (b & 31); }
  else {
    switch (b) {
      case 0xc0: type = T_NULL; next = p + 1; break;
      case 0xc2: case 0xc3: type = T_BOOL; val = b - 0xc2; next = p + 1; break;
      case 0xd9: type = T_STR; val = load<u8>(p + 1); pos = <u32>(p + 2); next = p + 2 + <usize>val; break;
      case 0xda: type = T_STR; val = be16(p + 1); pos = <u32>(p + 3); next = p + 3 + <usize>val; break;
      case 0xdb: type = T_STR; val = be32(p + 1); pos = <u32>(p + 5); next = p + 5 + <usize>val; break;
      case 0xcc: type = T_INT; val = load<u8>(p + 1); next = p + 2; break;
      case 0xcd: type = T_INT; val = be16(p + 1); next = p + 3; break;
      case 0xce: type = T_INT; val = be32(p + 1); next = p + 5; break;
      case 0xcf: type = T_INT; val = <i64>be64(p + 1); next = p + 9; break;
      case 0xd0: type = T_INT; val = <i8>load<u8>(p + 1); next = p + 2; break;
      case 0xd1: type = T_INT; val = <i16>be16(p + 1); next = p + 3; break;
      case 0xd2: type = T_INT; val = <i32>be32(p + 1); next = p + 5; break;
      case 0xd3: type = T_INT; val = <i64>be64(p + 1); next = p + 9; break;
      default: next = skip(p);
    }
  }
  if (load<u32>(slotGen + (<usize>s << 2)) != generation) seen++;
  store<u32>(slotGen + (<usize>s << 2), generation);
  store<u8>(slotType + <usize>s, type);
  store<u32>(slotPos + (<usize>s << 2), pos);
  store<i64>(slotVal + (<usize>s << 3), val);
  return next;
}

/** Slot of a string key at p (length n), or -1. */
function namedSlot(p: usize, n: usize): i32 {
  for (let i = 0; i < namedCount; i++) {
    const s = load<i32>(namedSlots + (<usize>i << 2));
    const str = stringsAt + (<usize>load<u32>(slotsAt + (<usize>s << 3) + 4) << 3);
    if (<usize>load<u32>(str + 4) == n && memory.compare(prog + load<u32>(str), p, n) == 0) return s;
  }
  return -1;
}

/** Walk one event's map and fill the field position table; stops once every slot is seen. */
function fillTable(p: usize): void {
  generation++;
  seen = 0;
  const b = <u32>load<u8>(p);
  let n: u32 = 0;
  if (b >= 0x80 && b <= 0x8f) { n = b & 15; p += 1; }
  else if (b == 0xde) { n = be16(p + 1); p += 3; }
  else if (b == 0xdf) { n = be32(p + 1); p += 5; }
  else return;
  for (let i: u32 = 0; i < n && seen < slotCount; i++) {
    const k = <u32>load<u8>(p);
    let s: i32 = -1;
    if (k <= 0x7f) { if (<i32>k < fieldIdLimit) s = load<i32>(idToSlot + (<usize>k << 2)); p += 1; }
    else if (k == 0xcc || k == 0xcd) {
      const id = k == 0xcc ? <i32>load<u8>(p + 1) : <i32>be16(p + 1);
      if (id < fieldIdLimit) s = load<i32>(idToSlot + (<usize>id << 2));
      p += k == 0xcc ? 2 : 3;
    } else if (k >= 0xa0 && k <= 0xbf) { s = namedCount > 0 ? namedSlot(p + 1, k & 31) : -1; p += 1 + (k & 31); }
    else if (k == 0xd9) { const len = <usize>load<u8>(p + 1); s = namedCount > 0 ? namedSlot(p + 2, len) : -1; p += 2 + len; }
    else if (k == 0xda) { const len = <usize>be16(p + 1); s = namedCount > 0 ? namedSlot(p + 3, len) : -1; p += 3 + len; }
    else p = skip(p);
    p = s >= 0 ? record(s, p) : skip(p);
  }
}

// ---- field values as text ----
let textPtr: usize = 0;
let textLen: i32 = 0;

/** Point textPtr/textLen at the slot's value as text; false when it has none (missing, null, other). */
function text(s: i32, buffer: i32 = 0): bool {
  if (load<u32>(slotGen + (<usize>s << 2)) != generation) return false;
  const t = load<u8>(slotType + <usize>s);
  const v = load<i64>(slotVal + (<usize>s << 3));
  if (t == T_STR) { textPtr = <usize>load<u32>(slotPos + (<usize>s << 2)); textLen = <i32>v; return true; }
  if (t == T_BOOL) { textPtr = v ? TRUE_TEXT : FALSE_TEXT; textLen = v ? 4 : 5; return true; }
  if (t == T_INT) {
    let u: u64 = v < 0 ? <u64>(-v) : <u64>v;
    const end = scratch + 32 + (<usize>buffer << 5);
    let at = end;
    do { at--; store<u8>(at, <u8>(48 + u % 10)); u /= 10; } while (u != 0);
    if (v < 0) { at--; store<u8>(at, 45); }
    textPtr = at; textLen = <i32>(end - at);
    return true;
  }
  return false;
}

function inSet(set: i32, v: i64): bool {
  const entry = setsAt + (<usize>set << 3);
  return sortedContains(prog + load<u32>(entry), <i32>load<u32>(entry + 4), v);
}

/** The field's value as a decimal integer (leading zeros allowed) compared with the set's one value. */
function numCompare(s: i32, set: i32, cmp: i32): bool {
  if (!present(s)) return false;
  const t = load<u8>(slotType + <usize>s);
  let v: i64 = 0;
  if (t == T_INT) v = load<i64>(slotVal + (<usize>s << 3));
  else if (t == T_STR && parseInteger(<usize>load<u32>(slotPos + (<usize>s << 2)), <i32>load<i64>(slotVal + (<usize>s << 3)), false)) v = parsed;
  else return false;
  const bound = load<i64>(prog + load<u32>(setsAt + (<usize>set << 3)));
  switch (cmp) {
    case Compare.LT: return v < bound;
    case Compare.LTE: return v <= bound;
    case Compare.GT: return v > bound;
    default: return v >= bound;
  }
}

/** The field's text is an address in one of the set's networks (family * 256 + bits, high, low each). */
function inNetworks(s: i32, set: i32): bool {
  if (!text(s)) return false;
  const family = parseAddress(textPtr, textLen);
  if (family == 0) return false;
  const entry = setsAt + (<usize>set << 3);
  const words = prog + load<u32>(entry);
  const count = <i32>load<u32>(entry + 4);
  for (let i = 0; i < count; i += 3) {
    const w = words + (<usize>i << 3);
    if (inNetwork(family, load<i64>(w), load<u64>(w + 8), load<u64>(w + 16))) return true;
  }
  return false;
}

function numInSet(s: i32, set: i32): bool {
  if (load<u32>(slotGen + (<usize>s << 2)) != generation) return false;
  const t = load<u8>(slotType + <usize>s);
  if (t == T_INT) return inSet(set, load<i64>(slotVal + (<usize>s << 3)));
  if (t == T_STR && parseInteger(<usize>load<u32>(slotPos + (<usize>s << 2)), <i32>load<i64>(slotVal + (<usize>s << 3)), true)) return inSet(set, parsed);
  return false;
}

/** A value test (string ops, number sets, regex) on one slot. */
function testSlot(op: i32, s: i32, operand: i32): bool {
  if (op == Op.NUM_IN_SET) return numInSet(s, operand);
  if (!text(s)) return false;
  if (op == Op.STR_REGEX) return hostRegex(operand, textPtr, textLen) != 0;
  const entry = stringsAt + (<usize>operand << 3);
  const l = prog + load<u32>(entry);
  const ln = <i32>load<u32>(entry + 4);
  const cased = op >= Op.STR_EQ_CASED;
  switch (cased ? op - (Op.STR_EQ_CASED - Op.STR_EQ) : op) {
    case Op.STR_EQ: return textLen == ln && sameText(textPtr, l, ln, cased);
    case Op.STR_PREFIX: return textLen >= ln && sameText(textPtr, l, ln, cased);
    case Op.STR_SUFFIX: return textLen >= ln && sameText(textPtr + textLen - ln, l, ln, cased);
    case Op.STR_CONTAINS: return contains(textPtr, textLen, l, ln, cased);
    default: return glob(textPtr, textLen, l, ln, cased);
  }
}

/** A value test on every value of the current event (keyword searches). */
function testAnyField(op: i32, operand: i32): bool {
  let p = currentMap;
  const b = <u32>load<u8>(p);
  let n: u32 = 0;
  if (b >= 0x80 && b <= 0x8f) { n = b & 15; p += 1; }
  else if (b == 0xde) { n = be16(p + 1); p += 3; }
  else if (b == 0xdf) { n = be32(p + 1); p += 5; }
  for (let i: u32 = 0; i < n; i++) {
    p = record(anySlot, skip(p));
    if (testSlot(op, anySlot, operand)) return true;
  }
  return false;
}

@inline function present(s: i32): bool { return load<u32>(slotGen + (<usize>s << 2)) == generation; }

/** Both fields have text and it is equal, ASCII case-folded. */
function fieldsEqual(a: i32, b: i32): bool {
  if (!text(a, 0)) return false;
  const ap = textPtr, an = textLen;
  if (!text(b, 1) || an != textLen) return false;
  for (let i = 0; i < an; i++) if (fold(<u32>load<u8>(ap + i)) != fold(<u32>load<u8>(textPtr + i))) return false;
  return true;
}

// ---- the interpreter ----
let matchTotal: i32 = 0;
let outAt: usize = 0;

@inline function word(pc: i32): i32 { return load<i32>(codeAt + (<usize>pc << 2)); }

function runRule(rule: i32, event: u32): void {
  let pc = <i32>load<u32>(rulesAt + (<usize>rule << 2));
  let flag = false;
  while (true) {
    const op = word(pc);
    switch (op) {
      case Op.HALT: return;
      case Op.MATCH:
        if (flag) { store<u32>(outAt, event); store<u32>(outAt + 4, word(pc + 1)); outAt += 8; matchTotal++; }
        pc += 2; break;
      case Op.JUMP_IF_FALSE: pc = flag ? pc + 2 : word(pc + 1); break;
      case Op.JUMP_IF_TRUE: pc = flag ? word(pc + 1) : pc + 2; break;
      case Op.NOT: flag = !flag; pc += 1; break;
      case Op.CONST: flag = word(pc + 1) != 0; pc += 2; break;
      case Op.IS_NULL: {
        const s = word(pc + 1);
        flag = !present(s) || load<u8>(slotType + <usize>s) == T_NULL;
        pc += 2; break;
      }
      case Op.EXISTS: flag = present(word(pc + 1)); pc += 2; break;
      case Op.FIELD_EQ: flag = fieldsEqual(word(pc + 1), word(pc + 2)); pc += 3; break;
      case Op.NUM_CMP: flag = numCompare(word(pc + 1), word(pc + 2), word(pc + 3)); pc += 4; break;
      case Op.CIDR: flag = inNetworks(word(pc + 1), word(pc + 2)); pc += 3; break;
      case Op.TIME_PART: {
        const v = text(word(pc + 1)) ? timePart(textPtr, textLen, word(pc + 3)) : -1;
        flag = v >= 0 && inSet(word(pc + 2), v);
        pc += 4; break;
      }
      default: {
        const s = word(pc + 1);
        flag = s == Slot.ANY_FIELD ? testAnyField(op, word(pc + 2)) : testSlot(op, s, word(pc + 2));
        pc += 3;
      }
    }
  }
}

/** Index of the route entry for key, or -1. */
function findRoute(key: u32): i32 {
  let lo = 0, hi = routeCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = load<u32>(routesAt + <usize>mid * 12);
    if (k == key) return mid;
    if (k < key) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

function runRules(route: i32, event: u32, payload: usize, filled: bool): bool {
  const entry = routesAt + <usize>route * 12;
  const first = load<u32>(entry + 4);
  const count = load<u32>(entry + 8);
  if (count == 0) return filled;
  if (!filled) { fillTable(payload); currentMap = payload; }
  for (let i: u32 = 0; i < count; i++) runRule(<i32>load<u32>(routeRulesAt + (<usize>(first + i) << 2)), event);
  return true;
}

/**
 * Match the batch at `batch` from entry position `start` on, writing (event, rule) u32 pairs at
 * `out`. Walks the route directory and skips whole routes no rule reads. Stops early, before an
 * event that might overflow `outCapacity` pairs; returns the next entry position to run (the
 * event count when done). matches() tells how many pairs this call wrote.
 */
export function run(batch: usize, out: usize, outCapacity: i32, start: u32): u32 {
  if (load<u32>(batch + BatchHeader.MAGIC) != Magic.BATCH) return 0;
  const count = load<u32>(batch + BatchHeader.EVENT_COUNT);
  const directory = batch + load<u32>(batch + BatchHeader.DIRECTORY_OFFSET);
  const entries = batch + load<u32>(batch + BatchHeader.ENTRIES_OFFSET);
  const routes = load<u32>(directory);
  matchTotal = 0;
  outAt = out;
  for (let d: u32 = 0; d < routes; d++) {
    const dir = directory + 4 + <usize>d * BatchHeader.DIRECTORY_ENTRY_BYTES;
    const key = load<u32>(dir);
    const first = load<u32>(dir + 4);
    const end = first + load<u32>(dir + 8);
    if (end <= start) continue;
    // Rules for this EventID of the channel, for the whole channel, and for every event.
    const route = key == Route.ANY ? -1 : findRoute(key);
    const channel = key == Route.ANY ? -1 : findRoute((key & 0xffff0000) | Route.ANY_EVENT_ID);
    if (route < 0 && channel < 0 && anyRoute < 0) continue;
    for (let j = max(first, start); j < end; j++) {
      if (matchTotal + ruleCount > outCapacity) return j;
      const e = load<u32>(entries + (<usize>j << 3));
      const payload = batch + load<u32>(entries + (<usize>j << 3) + 4);
      let filled = false;
      if (route >= 0) filled = runRules(route, e, payload, filled);
      if (channel >= 0) filled = runRules(channel, e, payload, filled);
      if (anyRoute >= 0) runRules(anyRoute, e, payload, filled);
    }
  }
  return count;
}

export function matches(): i32 { return matchTotal; }
