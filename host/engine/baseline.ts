// The JS baseline: evaluates the IR over plain JS objects. It is the semantic reference the
// kernel is tested against and the speed reference it is measured against.
import { Unpackr } from 'msgpackr';
import { Route } from '../../assembly/opcodes.js';
import { storedKey } from '../batch/fields.js';
import { readBatchHeader } from '../batch/pack.js';
import { channelWide, rulesByRoute } from '../batch/route.js';
import { foldAscii } from '../compile/fold.js';
import { timePart } from '../compile/time.js';
import { inNetwork, parseAddress } from '../compile/ip.js';
import type { CompiledRule, Expr, Predicate } from '../compile/ir.js';
import { isWildcard } from '../sigma/values.js';
import { ANY_FIELD, type StringParts } from '../sigma/model.js';
import { byEventThenRule, type Match, type Matcher } from './matcher.js';

type Event = Record<string, unknown>;
type Test = (event: Event) => boolean;
export interface DecodedBatch { events: (Event | undefined)[]; routes: Uint32Array }

/** A value's text as rules compare it; undefined for missing, null and non-scalars. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

function globRegExp(parts: StringParts): RegExp {
  const body = parts.map((p) => (isWildcard(p) ? (p.wildcard === '*' ? '.*' : '.') : p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, 'su');
}

/** A test of one value (already looked up) for the predicates that read a value's text. */
const DECIMAL = /^-?[0-9]{1,18}$/;
const COMPARE = { lt: (a: bigint, b: bigint) => a < b, lte: (a: bigint, b: bigint) => a <= b, gt: (a: bigint, b: bigint) => a > b, gte: (a: bigint, b: bigint) => a >= b };

function valueTest(p: Exclude<Predicate, { kind: 'null' | 'exists' | 'fieldref' }>): (v: unknown) => boolean {
  if (p.kind === 'cidr') {
    const networks = p.networks;
    return (v) => {
      const t = textOf(v);
      const a = t === undefined ? undefined : parseAddress(t);
      return a !== undefined && networks.some((n) => inNetwork(a, n));
    };
  }
  if (p.kind === 'timepart') {
    const set = new Set(p.values);
    return (v) => { const t = textOf(v); const part = t === undefined ? undefined : timePart(t, p.part); return part !== undefined && set.has(part); };
  }
  if (p.kind === 'numcmp') {
    const bound = BigInt(p.bound), cmp = COMPARE[p.compare];
    return (v) => { const t = textOf(v); return t !== undefined && DECIMAL.test(t) && cmp(BigInt(t), bound); };
  }
  if (p.kind === 'numset') {
    const set = new Set(p.values.map(String));
    return (v) => { const t = textOf(v); return t !== undefined && set.has(t); };
  }
  if (p.kind === 'regex') {
    const re = new RegExp(p.source, p.flags);
    return (v) => { const t = textOf(v); return t !== undefined && re.test(t); };
  }
  const lit = p.literal;
  const fold = p.cased ? (t: string) => t : foldAscii;
  const on = (f: (text: string) => boolean) => (v: unknown) => { const t = textOf(v); return t !== undefined && f(fold(t)); };
  switch (p.test) {
    case 'eq': return on((t) => t === lit);
    case 'prefix': return on((t) => t.startsWith(lit));
    case 'suffix': return on((t) => t.endsWith(lit));
    case 'contains': return on((t) => t.includes(lit));
    case 'glob': { const re = globRegExp(p.pattern!); return on((t) => re.test(t)); }
  }
}

function predicateTest(p: Predicate, keyOf: (field: string) => string): Test {
  const key = keyOf(p.field);
  switch (p.kind) {
    case 'null': return (ev) => ev[key] === undefined || ev[key] === null;
    case 'exists': return (ev) => ev[key] !== undefined;
    case 'fieldref': {
      const other = keyOf(p.other);
      return (ev) => {
        const a = textOf(ev[key]), b = textOf(ev[other]);
        return a !== undefined && b !== undefined && foldAscii(a) === foldAscii(b);
      };
    }
  }
  const test = valueTest(p);
  if (p.field !== ANY_FIELD) return (ev) => test(ev[key]);
  return (ev) => { for (const k in ev) if (test(ev[k])) return true; return false; };
}

export function exprTest(e: Expr, keyOf: (field: string) => string): Test {
  switch (e.kind) {
    case 'const': { const v = e.value; return () => v; }
    case 'pred': return predicateTest(e.pred, keyOf);
    case 'not': { const t = exprTest(e.item, keyOf); return (ev) => !t(ev); }
    case 'and': { const ts = e.items.map((i) => exprTest(i, keyOf)); return (ev) => ts.every((t) => t(ev)); }
    case 'or': { const ts = e.items.map((i) => exprTest(i, keyOf)); return (ev) => ts.some((t) => t(ev)); }
  }
}

/** Rules grouped by route key, like the kernel's route table. */
class Routes {
  private byKey: Map<number, number[]>;
  private any: number[];
  /** The merged list per event route key, built once. */
  private merged = new Map<number, number[]>();
  constructor(rules: CompiledRule[]) {
    this.byKey = rulesByRoute(rules);
    this.any = this.byKey.get(Route.ANY) ?? [];
  }
  /** Rules for the event's own key, for its whole channel, and for every event (as the kernel runs them). */
  rulesFor(key: number): number[] {
    let rules = this.merged.get(key);
    if (!rules) {
      rules = [...(this.byKey.get(key) ?? []), ...(this.byKey.get(channelWide(key)) ?? []), ...this.any];
      this.merged.set(key, rules);
    }
    return rules;
  }
}

export class BaselineMatcher implements Matcher {
  private readonly byId: Test[];
  private readonly routes: Routes;
  private readonly unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'number' });

  constructor(readonly rules: CompiledRule[]) {
    // Decoded batches have fields under their stored key (a dictionary id becomes an object key string).
    this.byId = rules.map((r) => exprTest(r.expr, (f) => String(storedKey(f))));
    this.routes = new Routes(rules);
  }

  /** Decode each event the batch routes to a rule (msgpackr), then evaluate. */
  matchBatch(batch: Uint8Array): Match[] {
    return this.matchDecoded(this.decodeBatch(batch, true));
  }

  /** A batch's events as objects (dictionary fields keyed by id); with `routedOnly`, only events some rule reads. */
  decodeBatch(batch: Uint8Array, routedOnly = false): DecodedBatch {
    const { view, count, entriesOffset, routes: groups } = readBatchHeader(batch);
    const events: (Event | undefined)[] = new Array(count);
    const routes = new Uint32Array(count);
    for (const g of groups) {
      if (routedOnly && this.routes.rulesFor(g.key).length === 0) continue;
      const end = g.first + g.count;
      for (let j = g.first; j < end; j++) {
        const i = view.getUint32(entriesOffset + j * 8, true);
        const start = view.getUint32(entriesOffset + j * 8 + 4, true);
        const stop = j + 1 < end ? view.getUint32(entriesOffset + (j + 1) * 8 + 4, true) : g.payloadEnd;
        events[i] = this.unpackr.unpack(batch.subarray(start, stop)) as Event;
        routes[i] = g.key;
      }
    }
    return { events, routes };
  }

  matchDecoded({ events, routes }: DecodedBatch): Match[] {
    const out: Match[] = [];
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev === undefined) continue;
      for (const r of this.routes.rulesFor(routes[i])) if (this.byId[r](ev)) out.push({ event: i, rule: r });
    }
    return out.sort(byEventThenRule);
  }
}
