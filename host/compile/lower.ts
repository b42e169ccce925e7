// Rule model → IR: searches become AND/OR trees of predicates, the condition joins them.
import { expandPattern, parseCondition, ConditionError, type Condition } from '../sigma/condition.js';
import { routesFor } from '../sigma/logsource.js';
import type { Diagnostic, FieldMatch, Rule, SigmaValue, StringParts } from '../sigma/model.js';
import { MODIFIERS } from '../sigma/modifiers.js';
import { isWildcard, literalParts } from '../sigma/values.js';
import { routeKey } from '../batch/route.js';
import { foldAscii } from './fold.js';
import type { CompiledRule, Expr, Predicate } from './ir.js';

class LowerError extends Error {
  constructor(message: string, readonly path?: string) { super(message); }
}

const pred = (p: Predicate): Expr => ({ kind: 'pred', pred: p });

/** Classify wildcard parts into the cheapest string test. */
export function stringPredicate(field: string, parts: StringParts): Predicate {
  const folded = parts.map((p) => (isWildcard(p) ? p : foldAscii(p)));
  const lits = folded.filter((p): p is string => !isWildcard(p));
  const shape = folded.map((p) => (isWildcard(p) ? p.wildcard : 'L')).join('');
  const literal = lits[0] ?? '';
  switch (shape) {
    case '': case 'L': return { kind: 'str', field, test: 'eq', literal };
    case 'L*': case '*': return { kind: 'str', field, test: 'prefix', literal };
    case '*L': return { kind: 'str', field, test: 'suffix', literal };
    case '*L*': return { kind: 'str', field, test: 'contains', literal };
    default: return { kind: 'str', field, test: 'glob', literal: lits.join(''), pattern: folded };
  }
}

function valueExpr(m: FieldMatch, v: SigmaValue, path: string): Expr {
  const wraps = m.modifiers.map((name) => MODIFIERS[name]).filter((mod) => mod.kind === 'wrap');
  if (v.kind === 'null') {
    if (wraps.length) throw new LowerError(`null cannot take modifiers (${m.modifiers.join('|')})`, path);
    return pred({ kind: 'null', field: m.field });
  }
  if (v.kind === 'num' && wraps.length === 0) return pred({ kind: 'numset', field: m.field, values: [v.value] });
  let parts: StringParts = v.kind === 'str' ? v.parts : literalParts(v.kind === 'num' ? v.text : String(v.value));
  for (const w of wraps) if (w.kind === 'wrap') parts = w.wrap(parts);
  return pred(stringPredicate(m.field, parts));
}

function fieldExpr(m: FieldMatch, path: string): Expr {
  const items = m.values.map((v) => valueExpr(m, v, path));
  return items.length === 1 ? items[0] : { kind: m.all ? 'and' : 'or', items };
}

function searchExpr(rule: Rule, name: string): Expr {
  const search = rule.searches.get(name)!;
  const alts = search.alternatives.map((map, i): Expr => {
    const path = search.alternatives.length > 1 ? `detection.${name}[${i}]` : `detection.${name}`;
    const items = map.map((m) => fieldExpr(m, `${path}.${m.field}`));
    return items.length === 1 ? items[0] : { kind: 'and', items };
  });
  return alts.length === 1 ? alts[0] : { kind: 'or', items: alts };
}

function conditionExpr(rule: Rule, c: Condition): Expr {
  switch (c.kind) {
    case 'ref':
      if (!rule.searches.has(c.name)) throw new LowerError(`condition names "${c.name}", which is not a search of this rule`, 'detection.condition');
      return searchExpr(rule, c.name);
    case 'not': return { kind: 'not', item: conditionExpr(rule, c.item) };
    case 'and': case 'or': return { kind: c.kind, items: c.items.map((i) => conditionExpr(rule, i)) };
    case 'of': {
      const names = expandPattern(c.pattern, [...rule.searches.keys()]);
      if (names.length === 0) throw new LowerError(`"${c.pattern}" in the condition names no search of this rule`, 'detection.condition');
      const items = names.map((n) => searchExpr(rule, n));
      return items.length === 1 ? items[0] : { kind: c.quantifier === 'all' ? 'and' : 'or', items };
    }
  }
}

export interface LowerOptions { logsource: boolean }

/** Lower one parsed rule; a problem becomes a diagnostic and the rule is left out. */
export function lowerRule(rule: Rule, options: LowerOptions, diagnostics: Diagnostic[]): CompiledRule | undefined {
  try {
    const conds = rule.conditions.map((text) => {
      try { return conditionExpr(rule, parseCondition(text)); }
      catch (e) { if (e instanceof ConditionError) throw new LowerError(e.message, 'detection.condition'); throw e; }
    });
    const expr: Expr = conds.length === 1 ? conds[0] : { kind: 'or', items: conds };
    let routes: number[] | undefined;
    if (options.logsource) {
      const table = routesFor(rule.logsource);
      if (table) routes = table.flatMap((r) => r.eventIds.map((id) => routeKey(r.channel, id)));
      else diagnostics.push({ severity: 'warning', file: rule.file, ruleId: rule.id, path: 'logsource', line: rule.line, message: `logsource ${JSON.stringify(rule.logsource)} is not in the routing table: the rule is evaluated against every event` });
    }
    return { id: rule.id, title: rule.title, level: rule.level, file: rule.file, routes, expr };
  } catch (e) {
    if (!(e instanceof LowerError)) throw e;
    const line = e.path === 'detection.condition' ? rule.conditionLine ?? rule.line : rule.line;
    diagnostics.push({ severity: 'error', file: rule.file, ruleId: rule.id, path: e.path, line, message: e.message });
    return undefined;
  }
}
