// IR → one flat program for all rules: header, slots, string pool, number sets, rules, routes, code.
// Layout (little-endian, u32 words unless said; see ProgramHeader in assembly/opcodes.ts):
//   header        ProgramHeader.WORDS words of counts and byte offsets
//   slots         per slot: i32 field id (-1: not in the dictionary, matched by name), u32 name string
//   strings       per string: u32 byte offset, u32 byte length (UTF-8, literals pre-folded)
//   pool          the string bytes
//   sets          per set: u32 byte offset (8-aligned) of sorted i64 values, u32 count
//   rules         per rule: u32 word index of its code
//   routes        per route key, sorted: u32 key, u32 first index into route rules, u32 count
//   route rules   u32 rule indices
//   code          i32 words: opcode, then its operands
import { Compare, GlobToken, Magic, Op, ProgramHeader, Route, Slot, TimePart } from '../../assembly/opcodes.js';
import { ANY_FIELD } from '../sigma/model.js';
import { FIELD_DICTIONARY_VERSION, storedKey } from '../batch/fields.js';
import { rulesByRoute } from '../batch/route.js';
import { networkWords } from './ip.js';
import { isWildcard } from '../sigma/values.js';
import type { StringParts } from '../sigma/model.js';
import type { CompiledRule, Expr, Predicate } from './ir.js';

export const PROGRAM_VERSION = 1;

export type Operand = 'slot' | 'string' | 'set' | 'target' | 'rule' | 'value' | 'regex' | 'compare' | 'part';
/** Operands of each opcode, in order: the emitter, the disassembler and the kernel follow it. */
export const OPERANDS: Record<Op, Operand[]> = {
  [Op.HALT]: [],
  [Op.MATCH]: ['rule'],
  [Op.JUMP_IF_FALSE]: ['target'],
  [Op.JUMP_IF_TRUE]: ['target'],
  [Op.NOT]: [],
  [Op.CONST]: ['value'],
  [Op.NUM_IN_SET]: ['slot', 'set'],
  [Op.STR_EQ]: ['slot', 'string'],
  [Op.STR_PREFIX]: ['slot', 'string'],
  [Op.STR_SUFFIX]: ['slot', 'string'],
  [Op.STR_CONTAINS]: ['slot', 'string'],
  [Op.STR_GLOB]: ['slot', 'string'],
  [Op.IS_NULL]: ['slot'],
  [Op.EXISTS]: ['slot'],
  [Op.STR_REGEX]: ['slot', 'regex'],
  [Op.FIELD_EQ]: ['slot', 'slot'],
  [Op.STR_EQ_CASED]: ['slot', 'string'],
  [Op.STR_PREFIX_CASED]: ['slot', 'string'],
  [Op.STR_SUFFIX_CASED]: ['slot', 'string'],
  [Op.STR_CONTAINS_CASED]: ['slot', 'string'],
  [Op.STR_GLOB_CASED]: ['slot', 'string'],
  [Op.NUM_CMP]: ['slot', 'set', 'compare'],
  [Op.TIME_PART]: ['slot', 'set', 'part'],
  [Op.CIDR]: ['slot', 'set'],
};

const STRING_OPS = { eq: Op.STR_EQ, prefix: Op.STR_PREFIX, suffix: Op.STR_SUFFIX, contains: Op.STR_CONTAINS, glob: Op.STR_GLOB } as const;
const CASED_OPS = { eq: Op.STR_EQ_CASED, prefix: Op.STR_PREFIX_CASED, suffix: Op.STR_SUFFIX_CASED, contains: Op.STR_CONTAINS_CASED, glob: Op.STR_GLOB_CASED } as const;
const COMPARES = { lt: Compare.LT, lte: Compare.LTE, gt: Compare.GT, gte: Compare.GTE } as const;
const TIME_PARTS = { minute: TimePart.MINUTE, hour: TimePart.HOUR, day: TimePart.DAY, week: TimePart.WEEK, month: TimePart.MONTH, year: TimePart.YEAR } as const;

const utf8 = new TextEncoder();

/** A glob's bytes: literal UTF-8, wildcards as GlobToken.ESCAPE + ANY/ONE, a literal 0 byte as ESCAPE + ESCAPE. */
export function encodeGlob(parts: StringParts): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (isWildcard(p)) out.push(GlobToken.ESCAPE, p.wildcard === '*' ? GlobToken.ANY : GlobToken.ONE);
    else for (const b of utf8.encode(p)) { if (b === 0) out.push(GlobToken.ESCAPE); out.push(b); }
  }
  return Uint8Array.from(out);
}

export interface Program {
  bytes: Uint8Array;
  rules: CompiledRule[];
  /** Field name of each slot. */
  slots: string[];
  /** Regular expressions STR_REGEX refers to by index: the host evaluates them for the kernel. */
  regexes: { source: string; flags: string }[];
}

class Interner<K> {
  readonly items: K[] = [];
  private index = new Map<string, number>();
  add(key: string, item: K): number {
    let i = this.index.get(key);
    if (i === undefined) { i = this.items.length; this.items.push(item); this.index.set(key, i); }
    return i;
  }
}

export function buildProgram(rules: CompiledRule[]): Program {
  const slots = new Interner<string>();
  const strings = new Interner<Uint8Array>();
  const sets = new Interner<(number | bigint)[]>();
  const code: number[] = [];
  const ruleStarts: number[] = [];

  const str = (bytes: Uint8Array) => strings.add(Array.from(bytes).join(','), bytes);
  const regexes = new Interner<{ source: string; flags: string }>();
  const slot = (field: string) => (field === ANY_FIELD ? Slot.ANY_FIELD : slots.add(field, field));

  const emitPred = (p: Predicate) => {
    if (p.kind === 'null') code.push(Op.IS_NULL, slot(p.field));
    else if (p.kind === 'exists') code.push(Op.EXISTS, slot(p.field));
    else if (p.kind === 'fieldref') code.push(Op.FIELD_EQ, slot(p.field), slot(p.other));
    else if (p.kind === 'cidr') {
      const words = p.networks.flatMap(networkWords);
      code.push(Op.CIDR, slot(p.field), sets.add(`cidr:${words.join(',')}`, words));
    } else if (p.kind === 'timepart') code.push(Op.TIME_PART, slot(p.field), sets.add(p.values.join(','), p.values), TIME_PARTS[p.part]);
    else if (p.kind === 'numcmp') code.push(Op.NUM_CMP, slot(p.field), sets.add(String(p.bound), [p.bound]), COMPARES[p.compare]);
    else if (p.kind === 'regex') code.push(Op.STR_REGEX, slot(p.field), regexes.add(`${p.flags}/${p.source}`, { source: p.source, flags: p.flags }));
    else if (p.kind === 'numset') code.push(Op.NUM_IN_SET, slot(p.field), sets.add(p.values.join(','), p.values));
    else code.push((p.cased ? CASED_OPS : STRING_OPS)[p.test], slot(p.field), str(p.test === 'glob' ? encodeGlob(p.pattern!) : utf8.encode(p.literal)));
  };
  const emit = (e: Expr): void => {
    switch (e.kind) {
      case 'const': code.push(Op.CONST, e.value ? 1 : 0); return;
      case 'pred': emitPred(e.pred); return;
      case 'not': emit(e.item); code.push(Op.NOT); return;
      case 'and': case 'or': {
        const jump = e.kind === 'and' ? Op.JUMP_IF_FALSE : Op.JUMP_IF_TRUE;
        const patches: number[] = [];
        e.items.forEach((item, i) => {
          emit(item);
          if (i < e.items.length - 1) { code.push(jump, -1); patches.push(code.length - 1); }
        });
        for (const at of patches) code[at] = code.length;
      }
    }
  };
  rules.forEach((rule, r) => {
    ruleStarts.push(code.length);
    emit(rule.expr);
    code.push(Op.MATCH, r, Op.HALT);
  });

  // Routes: key → rules, sorted by key; rules without routes go under Route.ANY.
  const byRoute = rulesByRoute(rules);
  const routeKeys = [...byRoute.keys()].sort((a, b) => a - b);

  // Lay out the sections.
  const slotNames = slots.items;
  const keys = slotNames.map(storedKey);
  const fieldIds = keys.map((key) => (typeof key === 'number' ? key : -1));
  // Slots matched by name carry their stored key (the kernel compares it); the others their name.
  const slotNameStrings = keys.map((key, i) => str(utf8.encode(typeof key === 'number' ? slotNames[i] : key)));
  let size = ProgramHeader.WORDS * 4;
  const place = (bytes: number, align = 4) => { size = Math.ceil(size / align) * align; const at = size; size += bytes; return at; };
  const slotsOff = place(slotNames.length * 8);
  const stringsOff = place(strings.items.length * 8);
  const poolOff = place(strings.items.reduce((n, s) => n + s.length, 0));
  const setsOff = place(sets.items.length * 8);
  const setValueOffs = sets.items.map((values) => place(values.length * 8, 8));
  const rulesOff = place(rules.length * 4);
  const routesOff = place(routeKeys.length * 12);
  const routeRulesOff = place(routeKeys.reduce((n, k) => n + byRoute.get(k)!.length, 0) * 4);
  const codeOff = place(code.length * 4);

  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const u32 = (at: number, v: number) => view.setUint32(at, v >>> 0, true);
  const header: Partial<Record<ProgramHeader, number>> = {
    [ProgramHeader.MAGIC]: Magic.PROGRAM, [ProgramHeader.VERSION]: PROGRAM_VERSION,
    [ProgramHeader.SLOT_COUNT]: slotNames.length, [ProgramHeader.RULE_COUNT]: rules.length,
    [ProgramHeader.STRING_COUNT]: strings.items.length, [ProgramHeader.SET_COUNT]: sets.items.length,
    [ProgramHeader.ROUTE_COUNT]: routeKeys.length, [ProgramHeader.CODE_WORDS]: code.length,
    [ProgramHeader.SLOTS_OFFSET]: slotsOff, [ProgramHeader.STRINGS_OFFSET]: stringsOff,
    [ProgramHeader.POOL_OFFSET]: poolOff, [ProgramHeader.SETS_OFFSET]: setsOff,
    [ProgramHeader.RULES_OFFSET]: rulesOff, [ProgramHeader.ROUTES_OFFSET]: routesOff,
    [ProgramHeader.ROUTE_RULES_OFFSET]: routeRulesOff, [ProgramHeader.CODE_OFFSET]: codeOff,
    [ProgramHeader.BYTE_LENGTH]: size, [ProgramHeader.DICTIONARY_VERSION]: FIELD_DICTIONARY_VERSION,
    [ProgramHeader.FIELD_ID_LIMIT]: Math.max(0, ...fieldIds) + 1,
  };
  for (const [word, v] of Object.entries(header)) u32(Number(word) * 4, v!);
  fieldIds.forEach((id, i) => { view.setInt32(slotsOff + i * 8, id, true); u32(slotsOff + i * 8 + 4, slotNameStrings[i]); });
  let poolAt = poolOff;
  strings.items.forEach((s, i) => { u32(stringsOff + i * 8, poolAt); u32(stringsOff + i * 8 + 4, s.length); bytes.set(s, poolAt); poolAt += s.length; });
  sets.items.forEach((values, i) => {
    u32(setsOff + i * 8, setValueOffs[i]); u32(setsOff + i * 8 + 4, values.length);
    values.forEach((v, j) => view.setBigInt64(setValueOffs[i] + j * 8, BigInt(v), true));
  });
  ruleStarts.forEach((start, r) => u32(rulesOff + r * 4, start));
  let first = 0;
  routeKeys.forEach((key, i) => {
    const list = byRoute.get(key)!;
    u32(routesOff + i * 12, key); u32(routesOff + i * 12 + 4, first); u32(routesOff + i * 12 + 8, list.length);
    list.forEach((r, j) => u32(routeRulesOff + (first + j) * 4, r));
    first += list.length;
  });
  code.forEach((w, i) => view.setInt32(codeOff + i * 4, w, true));
  return { bytes, rules, slots: slotNames, regexes: regexes.items };
}
