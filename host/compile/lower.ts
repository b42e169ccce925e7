// Rule model → IR: searches become AND/OR trees of predicates, the condition joins them.
import { expandPattern, parseCondition, ConditionError, type Condition } from '../sigma/condition.js';
import { routingFor } from '../sigma/logsource.js';
import { ANY_FIELD, type Diagnostic, type FieldMatch, type Rule, type SigmaFilter, type SigmaValue, type StringParts } from '../sigma/model.js';
import { MODIFIERS, ModifierError, type Alt, type Modifier, type ModifierContext } from '../sigma/modifiers.js';
import { isWildcard, literalParts, wildcardAny } from '../sigma/values.js';
import { RegexError, translateRegex } from './regex.js';
import { parseNetwork } from './ip.js';
import { foldAscii, wellFormed } from './fold.js';
import type { CompiledRule, Expr, Predicate } from './ir.js';

/** The warning for rules whose logsource the routing table does not know. */
export const UNROUTED = 'not evaluated: the logsource is not in the routing table (--no-logsource evaluates every rule on every event)';

class LowerError extends Error {
  constructor(message: string, readonly path?: string, public line?: number) { super(message); }
}

const pred = (p: Predicate): Expr => ({ kind: 'pred', pred: p });

/** Classify wildcard parts into the cheapest string test. */
export function stringPredicate(field: string, parts: StringParts, cased = false): Predicate {
  const folded = parts.map((p) => (isWildcard(p) ? p : cased ? wellFormed(p) : foldAscii(wellFormed(p))));
  const lits = folded.filter((p): p is string => !isWildcard(p));
  const shape = folded.map((p) => (isWildcard(p) ? p.wildcard : 'L')).join('');
  const literal = lits[0] ?? '';
  const flag = cased ? { cased } : {};
  switch (shape) {
    case '': case 'L': return { kind: 'str', field, test: 'eq', literal, ...flag };
    case 'L*': case '*': return { kind: 'str', field, test: 'prefix', literal, ...flag };
    case '*L': return { kind: 'str', field, test: 'suffix', literal, ...flag };
    case '*L*': return { kind: 'str', field, test: 'contains', literal, ...flag };
    default: return { kind: 'str', field, test: 'glob', literal: lits.join(''), pattern: folded, ...flag };
  }
}

const or = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { kind: 'or', items });

/** A value's text for modifiers that read it whole (regex, field names). */
function valueText(v: SigmaValue): string | undefined {
  if (v.kind === 'str') return v.text;
  if (v.kind === 'num') return v.text;
  if (v.kind === 'bool') return String(v.value);
  return undefined;
}

/** One value through the string transforms, in rule order; keywords get an implicit contains. */
function valueExpr(m: FieldMatch, mods: Modifier[], v: SigmaValue, ctx: LowerContext, path: string): Expr {
  const transforms = mods.filter((mod) => mod.kind === 'transform');
  if (v.kind === 'null') {
    if (transforms.length || m.field === ANY_FIELD) throw new LowerError(`null cannot take modifiers or be a keyword`, path);
    return pred({ kind: 'null', field: m.field });
  }
  const cased = mods.some((mod) => mod.kind === 'cased');
  if (v.kind === 'num' && transforms.length === 0 && m.field !== ANY_FIELD) return pred({ kind: 'numset', field: m.field, values: [v.value] });
  const start: Alt = { parts: v.kind === 'str' ? v.parts : literalParts(valueText(v)!), binary: false };
  let alts = [start];
  try {
    for (const t of transforms) alts = alts.flatMap((a) => t.apply(a, ctx));
  } catch (e) {
    if (e instanceof ModifierError) throw new LowerError(e.message, path);
    throw e;
  }
  const wrapped = m.modifiers.some((n) => n === 'contains' || n === 'startswith' || n === 'endswith');
  return or(alts.map((a) => pred(stringPredicate(m.field, m.field === ANY_FIELD && !wrapped ? [wildcardAny, ...a.parts, wildcardAny] : a.parts, cased))));
}

function fieldExpr(m: FieldMatch, ctx: LowerContext, path: string): Expr {
  try {
    // neq: the field differs from every value (the other modifiers say how values compare).
    if (m.modifiers.includes('neq')) {
      const rest = { ...m, modifiers: m.modifiers.filter((n) => n !== 'neq'), all: false };
      return { kind: 'not', item: fieldMatchExpr(rest, ctx, path) };
    }
    return fieldMatchExpr(m, ctx, path);
  }
  catch (e) { if (e instanceof LowerError) e.line ??= m.line; throw e; }
}

function fieldMatchExpr(m: FieldMatch, ctx: LowerContext, path: string): Expr {
  const mods = m.modifiers.map((name) => MODIFIERS[name]);
  const kinds = new Set(mods.map((mod) => mod.kind));
  // Keywords look for text in every field: only modifiers that shape or compare text apply.
  const other = [...kinds].filter((k) => k !== 'transform' && k !== 'cased' && k !== 're' && k !== 'reFlag');
  if (m.field === ANY_FIELD && other.length) throw new LowerError(`keyword searches take only string modifiers, not ${m.modifiers.join('|')}`, path);
  const combine = (items: Expr[]): Expr => (items.length === 1 ? items[0] : { kind: m.all ? 'and' : 'or', items });
  if (kinds.has('exists')) {
    const v = m.values[0];
    if (m.values.length !== 1 || v.kind !== 'bool' || mods.length !== 1) throw new LowerError('exists takes one value, true or false, and no other modifier', path);
    const exists = pred({ kind: 'exists', field: m.field });
    return v.value ? exists : { kind: 'not', item: exists };
  }
  if (kinds.has('fieldref')) {
    if (mods.length !== 1) throw new LowerError('fieldref takes no other modifier yet', path);
    return combine(m.values.map((v) => {
      const other = valueText(v);
      if (v.kind !== 'str' || !other) throw new LowerError('fieldref values must be field names', path);
      return pred({ kind: 'fieldref', field: m.field, other });
    }));
  }
  if (kinds.has('re')) {
    if (mods.some((mod) => mod.kind !== 're' && mod.kind !== 'reFlag')) throw new LowerError('re combines only with its flags i, m, s', path);
    const flags = mods.flatMap((mod) => (mod.kind === 'reFlag' ? [mod.flag] : [])).join('');
    return combine(m.values.map((v) => {
      const pattern = valueText(v);
      if (pattern === undefined) throw new LowerError('a regular expression must be a string', path);
      try { return pred({ kind: 'regex', field: m.field, ...translateRegex(pattern, flags) }); }
      catch (e) { if (e instanceof RegexError) throw new LowerError(`${e.message}: /${pattern}/`, path); throw e; }
    }));
  }
  if (kinds.has('reFlag')) throw new LowerError('the modifiers i, m, s need re', path);
  if (kinds.has('cidr')) {
    if (mods.length !== 1) throw new LowerError('cidr takes no other modifier', path);
    const networks = m.values.map((v) => {
      const spec = valueText(v) ?? '';
      const network = v.kind === 'str' ? parseNetwork(spec) : undefined;
      if (!network) throw new LowerError(`cidr: "${spec}" is not an IPv4 or IPv6 network`, path);
      return { network, spec };
    });
    const cidr = (ns: typeof networks) => pred({ kind: 'cidr', field: m.field, networks: ns.map((n) => n.network), specs: ns.map((n) => n.spec) });
    return m.all ? combine(networks.map((n) => cidr([n]))) : cidr(networks);
  }
  const time = mods.find((mod) => mod.kind === 'timepart');
  if (time?.kind === 'timepart') {
    if (mods.length !== 1) throw new LowerError(`${time.part} takes no other modifier`, path);
    const values = m.values.map((v) => {
      if (v.kind !== 'num') throw new LowerError(`${time.part} needs integer values`, path);
      return v.value;
    });
    const part = (vs: number[]) => pred({ kind: 'timepart', field: m.field, part: time.part, values: vs });
    return m.all ? combine(values.map((v) => part([v]))) : part([...new Set(values)].sort((a, b) => a - b));
  }
  const compare = mods.find((mod) => mod.kind === 'compare');
  if (compare?.kind === 'compare') {
    if (mods.length !== 1) throw new LowerError(`${compare.compare} takes no other modifier`, path);
    return combine(m.values.map((v) => {
      if (v.kind !== 'num') throw new LowerError(`${compare.compare} needs an integer value`, path);
      return pred({ kind: 'numcmp', field: m.field, compare: compare.compare, bound: v.value });
    }));
  }
  return combine(m.values.map((v) => valueExpr(m, mods, v, ctx, path)));
}

type Detection = Pick<Rule, 'searches' | 'conditions'>;

function searchExpr(rule: Detection, name: string, ctx: LowerContext): Expr {
  const search = rule.searches.get(name)!;
  const alts = search.alternatives.map((map, i): Expr => {
    const path = search.alternatives.length > 1 ? `detection.${name}[${i}]` : `detection.${name}`;
    const items = map.map((m) => {
      const key = [m.field, ...m.modifiers, ...(m.all ? ['all'] : [])].join('|');
      return fieldExpr(m, ctx, key ? `${path}.${key}` : path);
    });
    return items.length === 1 ? items[0] : { kind: 'and', items };
  });
  return alts.length === 1 ? alts[0] : { kind: 'or', items: alts };
}

function conditionExpr(rule: Detection, c: Condition, ctx: LowerContext): Expr {
  switch (c.kind) {
    case 'ref':
      if (!rule.searches.has(c.name)) throw new LowerError(`condition names "${c.name}", which is not a search of this rule`, 'detection.condition');
      return searchExpr(rule, c.name, ctx);
    case 'not': return { kind: 'not', item: conditionExpr(rule, c.item, ctx) };
    case 'and': case 'or': return { kind: c.kind, items: c.items.map((i) => conditionExpr(rule, i, ctx)) };
    case 'of': {
      const names = expandPattern(c.pattern, [...rule.searches.keys()]);
      if (names.length === 0) throw new LowerError(`"${c.pattern}" in the condition names no search of this rule`, 'detection.condition');
      const items = names.map((n) => searchExpr(rule, n, ctx));
      return items.length === 1 ? items[0] : { kind: c.quantifier === 'all' ? 'and' : 'or', items };
    }
  }
}

export interface LowerOptions extends ModifierContext { logsource: boolean }
type LowerContext = ModifierContext;

/** Lower one parsed rule; a problem becomes a diagnostic and the rule is left out. */
/** A detection's conditions (a list is OR) over its searches. */
function detectionExpr(d: Detection, options: LowerOptions, conditionPath: string): Expr {
  return or(d.conditions.map((text) => {
    try { return conditionExpr(d, parseCondition(text), options); }
    catch (e) { if (e instanceof ConditionError) throw new LowerError(e.message, conditionPath); throw e; }
  }));
}

/** What a Sigma filter excludes, or undefined (with a diagnostic) when it cannot compile. */
export function lowerFilter(filter: SigmaFilter, options: LowerOptions, diagnostics: Diagnostic[]): Expr | undefined {
  try { return detectionExpr(filter, options, 'filter.condition'); }
  catch (e) {
    if (!(e instanceof LowerError)) throw e;
    diagnostics.push({ severity: 'error', file: filter.file, ruleId: filter.id, path: e.path, line: e.line ?? filter.line, message: `filter: ${e.message}` });
    return undefined;
  }
}

export function lowerRule(rule: Rule, options: LowerOptions, diagnostics: Diagnostic[]): CompiledRule | undefined {
  try {
    let expr = detectionExpr(rule, options, 'detection.condition');
    let routes: number[] | undefined;
    if (options.logsource) {
      const routing = routingFor(rule.logsource);
      if (routing) {
        routes = routing.keys;
        // Sources that need more than their EventIDs (registry_add: EventType CreateKey) add a test.
        if (routing.conditions) {
          const sources = or(routing.conditions.map((c): Expr => ({
            kind: 'and',
            items: [pred({ kind: 'numset', field: 'EventID', values: c.eventIds }),
              ...Object.entries(c.fields).map(([f, v]) => pred(stringPredicate(f, [v])))],
          })));
          expr = { kind: 'and', items: [expr, sources] };
        }
      } else {
        // Unknown kinds of events: running the rule on every event would only give false alerts.
        routes = [];
        diagnostics.push({ severity: 'warning', file: rule.file, ruleId: rule.id, path: 'logsource', line: rule.line, message: `${UNROUTED}: logsource ${JSON.stringify(rule.logsource)}` });
      }
    }
    return { id: rule.id, title: rule.title, level: rule.level, file: rule.file, routes, expr };
  } catch (e) {
    if (!(e instanceof LowerError)) throw e;
    const line = e.line ?? (e.path === 'detection.condition' ? rule.conditionLine ?? rule.line : rule.line);
    diagnostics.push({ severity: 'error', file: rule.file, ruleId: rule.id, path: e.path, line, message: e.message });
    return undefined;
  }
}
