// Program bytes → readable listing. It reads only the binary, so it shows what the kernel will run.
import { Compare, GlobToken, Op, ProgramHeader, Route, Slot, TimePart } from '../../assembly/opcodes.js';
import { ANY_EVENT_ID, channelName, NO_EVENT_ID } from '../batch/route.js';
import { OPERANDS } from './bytecode.js';

const utf8 = new TextDecoder();

export function describeRoute(key: number): string {
  if (key === Route.ANY) return 'any event';
  const id = key & 0xffff;
  return `${channelName(key >>> 16)} EventID ${id === NO_EVENT_ID ? '(none)' : id === ANY_EVENT_ID ? '(any)' : id}`;
}

export function disassemble(bytes: Uint8Array, ruleTitles: string[] = [], regexes: { source: string; flags: string }[] = []): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = (w: ProgramHeader) => view.getUint32(w * 4, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const str = (i: number) => {
    const at = h(ProgramHeader.STRINGS_OFFSET) + i * 8;
    return bytes.subarray(u32(at), u32(at) + u32(at + 4));
  };
  const slotName = (i: number) => utf8.decode(str(u32(h(ProgramHeader.SLOTS_OFFSET) + i * 8 + 4))).replace(/^\0/, '');
  const glob = (b: Uint8Array) => {
    let out = '';
    let lit: number[] = [];
    const flush = () => { out += JSON.stringify(utf8.decode(Uint8Array.from(lit))).slice(1, -1); lit = []; };
    for (let i = 0; i < b.length; i++) {
      if (b[i] !== GlobToken.ESCAPE) { lit.push(b[i]); continue; }
      const t = b[++i];
      if (t === GlobToken.ESCAPE) { lit.push(0); continue; }
      flush();
      out += t === GlobToken.ANY ? '*' : '?';
    }
    flush();
    return `glob"${out}"`;
  };
  const set = (i: number) => {
    const at = h(ProgramHeader.SETS_OFFSET) + i * 8;
    const values: string[] = [];
    for (let j = 0; j < u32(at + 4); j++) values.push(String(view.getBigInt64(u32(at) + j * 8, true)));
    return `{${values.join(', ')}}`;
  };
  /** A CIDR op's set: networks of three words (family * 256 + bits, high, low). */
  const networks = (i: number) => {
    const at = h(ProgramHeader.SETS_OFFSET) + i * 8;
    const out: string[] = [];
    for (let j = 0; j < u32(at + 4); j += 3) {
      const word = (k: number) => view.getBigUint64(u32(at) + (j + k) * 8, true);
      const head = Number(word(0)), value = (word(1) << 64n) | word(2);
      const text = head >> 8 === 4
        ? [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')
        : Array.from({ length: 8 }, (_, g) => ((value >> BigInt(112 - g * 16)) & 0xffffn).toString(16)).join(':');
      out.push(`${text}/${head & 255}`);
    }
    return `{${out.join(', ')}}`;
  };
  const lines: string[] = [];
  const ruleCount = h(ProgramHeader.RULE_COUNT);
  lines.push(`program v${h(ProgramHeader.VERSION)}: ${ruleCount} rules, ${h(ProgramHeader.SLOT_COUNT)} slots, ` +
    `${h(ProgramHeader.STRING_COUNT)} strings, ${h(ProgramHeader.SET_COUNT)} sets, ${h(ProgramHeader.CODE_WORDS)} code words, ${bytes.length} bytes`);
  lines.push('slots:');
  for (let i = 0; i < h(ProgramHeader.SLOT_COUNT); i++) {
    const id = view.getInt32(h(ProgramHeader.SLOTS_OFFSET) + i * 8, true);
    lines.push(`  ${i} ${slotName(i)} (${id < 0 ? 'by name' : `field id ${id}`})`);
  }
  lines.push('routes:');
  for (let i = 0; i < h(ProgramHeader.ROUTE_COUNT); i++) {
    const at = h(ProgramHeader.ROUTES_OFFSET) + i * 12;
    const rules: number[] = [];
    for (let j = 0; j < u32(at + 8); j++) rules.push(u32(h(ProgramHeader.ROUTE_RULES_OFFSET) + (u32(at + 4) + j) * 4));
    lines.push(`  ${describeRoute(u32(at))}: rule ${rules.join(', ')}`);
  }
  const codeOff = h(ProgramHeader.CODE_OFFSET);
  const codeWords = h(ProgramHeader.CODE_WORDS);
  const starts = new Map<number, number>();
  for (let r = 0; r < ruleCount; r++) starts.set(u32(h(ProgramHeader.RULES_OFFSET) + r * 4), r);
  const pad = (n: number) => String(n).padStart(4, '0');
  for (let pc = 0; pc < codeWords;) {
    if (starts.has(pc)) {
      const r = starts.get(pc)!;
      lines.push(`rule ${r}${ruleTitles[r] ? ` "${ruleTitles[r]}"` : ''}:`);
    }
    const op = view.getInt32(codeOff + pc * 4, true) as Op;
    const kinds = OPERANDS[op];
    if (!kinds) throw new Error(`bad opcode ${op} at ${pc}`);
    const args = kinds.map((kind, k) => {
      const v = view.getInt32(codeOff + (pc + 1 + k) * 4, true);
      switch (kind) {
        case 'slot': return v === Slot.ANY_FIELD ? '(any field)' : slotName(v);
        case 'regex': return regexes[v] ? `/${regexes[v].source}/${regexes[v].flags}` : `regex#${v}`;
        case 'string': return op === Op.STR_GLOB || op === Op.STR_GLOB_CASED ? glob(str(v)) : JSON.stringify(utf8.decode(str(v)));
        case 'compare': return Compare[v];
        case 'part': return TimePart[v];
        case 'set': return op === Op.CIDR ? networks(v) : set(v);
        case 'target': return `-> ${pad(v)}`;
        default: return String(v);
      }
    });
    lines.push(`  ${pad(pc)} ${Op[op]}${args.length ? ' ' + args.join(' ') : ''}`);
    pc += 1 + kinds.length;
  }
  return lines.join('\n') + '\n';
}
