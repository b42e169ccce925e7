// YAML rule text → typed rule model, with a diagnostic for everything it cannot take.
// Scalars are read with the failsafe schema, so YAML's type coercion never decides a match value:
// `00000429` stays the string it is written as; plain integers become numbers.
import { isMap, isScalar, isSeq, LineCounter, Pair, parseAllDocuments, type Node, Scalar, visit, YAMLMap } from 'yaml';
import { ANY_FIELD, type Diagnostic, type FieldMatch, type Rule, type Search, type SigmaFilter, type SigmaValue } from './model.js';
import { modifierProblem } from './modifiers.js';
import { parseWildcards } from './values.js';

export interface ParseResult { rules: Rule[]; filters: SigmaFilter[]; diagnostics: Diagnostic[] }

class RuleError extends Error {
  constructor(message: string, readonly path?: string, readonly node?: Node | null) { super(message); }
}

type LineOf = (node: Node | null | undefined) => number | undefined;

// YAML 1.1 integers as PyYAML reads them, less hex, octal and `_` (a rule's `0x3e7` is a string).
const INTEGER = /^[-+]?(0|[1-9][0-9]*)$/;

/** A plain YAML scalar typed the YAML 1.1 way Sigma rules were written for; quoted ones are strings. */
function scalarValue(node: Scalar): SigmaValue {
  const text = String(node.value);
  if (node.type === Scalar.PLAIN) {
    if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return { kind: 'null' };
    if (/^(true|True|TRUE)$/.test(text)) return { kind: 'bool', value: true };
    if (/^(false|False|FALSE)$/.test(text)) return { kind: 'bool', value: false };
    if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return { kind: 'num', value: Number(text), text: String(Number(text)) };
  }
  return { kind: 'str', parts: parseWildcards(text), text };
}

function plainText(node: Node | null | undefined): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}


function parseFieldMatch(key: string, valueNode: Node | null, path: string, line: number | undefined): FieldMatch {
  const [field, ...modifiers] = key.split('|');
  for (const m of modifiers) {
    const problem = modifierProblem(m);
    if (problem) throw new RuleError(problem, path, valueNode);
  }
  const valueNodes = isSeq(valueNode) ? valueNode.items as (Node | null)[] : [valueNode];
  const values = valueNodes.map((v, i): SigmaValue => {
    if (v === null || v === undefined) return { kind: 'null' };
    if (isScalar(v)) return scalarValue(v);
    throw new RuleError('a field value must be a scalar or a list of scalars', isSeq(valueNode) ? `${path}[${i}]` : path, v);
  });
  if (values.length === 0) throw new RuleError('empty value list', path, valueNode);
  return { field, modifiers: modifiers.filter((m) => m !== 'all'), values, all: modifiers.includes('all'), line };
}

function parseMap(node: Node, path: string, lineOf: LineOf): FieldMatch[] {
  if (!isMap(node)) throw new RuleError('expected a map of field: value', path, node);
  // An empty map would hold for every event.
  if (node.items.length === 0) throw new RuleError('an empty search', path, node);
  return node.items.map((pair) => {
    const key = plainText(pair.key as Node);
    if (key === undefined) throw new RuleError('a field name must be a string', path, pair.key as Node);
    return parseFieldMatch(key, pair.value as Node | null, `${path}.${key}`, lineOf(pair.key as Node));
  });
}

function parseSearch(name: string, node: Node | null, path: string, lineOf: LineOf): Search {
  if (isMap(node)) return { name, alternatives: [parseMap(node, path, lineOf)] };
  if (isSeq(node) && node.items.length > 0 && node.items.every((i) => isMap(i))) {
    return { name, alternatives: (node.items as Node[]).map((item, i) => parseMap(item, `${path}[${i}]`, lineOf)) };
  }
  // Keywords: a value or a list of values, looked for in every field.
  if (isScalar(node) || (isSeq(node) && node.items.length > 0 && node.items.every((i) => isScalar(i)))) {
    return { name, alternatives: [[parseFieldMatch(ANY_FIELD, node, path, lineOf(node))]] };
  }
  throw new RuleError('a search must be a map or a list of maps', path, node);
}

/** The searches and conditions of a detection map (a rule's `detection`, a filter's `filter`). */
function parseDetection(detection: Node | undefined, path: string, lineOf: LineOf, skip: string[] = []) {
  if (!isMap(detection)) throw new RuleError(`missing or malformed "${path}" map`, path, detection);
  const searches = new Map<string, Search>();
  let conditions: string[] = [];
  let conditionLine: number | undefined;
  for (const pair of detection.items) {
    const name = plainText(pair.key as Node);
    if (name === undefined) throw new RuleError('a search name must be a string', path, pair.key as Node);
    const value = pair.value as Node | null;
    if (skip.includes(name)) continue;
    if (name === 'condition') {
      conditionLine = lineOf(value);
      const items = isSeq(value) ? value.items as Node[] : [value];
      conditions = items.map((c) => {
        const t = plainText(c);
        if (t === undefined) throw new RuleError('a condition must be a string', `${path}.condition`, c);
        return t;
      });
    } else if (name === 'timeframe') {
      throw new RuleError('"timeframe" (aggregation) is not supported yet', `${path}.timeframe`, value);
    } else {
      searches.set(name, parseSearch(name, value, `${path}.${name}`, lineOf));
    }
  }
  if (conditions.length === 0) throw new RuleError(`missing "${path}.condition"`, path);
  return { searches, conditions, conditionLine };
}

function parseDoc(root: Node | null, file: string, lineOf: LineOf): { rule?: Rule; filter?: SigmaFilter } {
  if (!isMap(root)) throw new RuleError('a rule must be a YAML map', undefined, root);
  const get = (key: string) => root.get(key, true) as Node | undefined;
  const text = (key: string) => plainText(get(key));
  if (get('correlation')) throw new RuleError('correlation rules are not supported yet');
  const id = text('id') ?? '';
  const title = text('title');
  if (!title) throw new RuleError('missing "title"');
  const logsourceNode = get('logsource');
  const logsource: Rule['logsource'] = {};
  if (isMap(logsourceNode)) {
    for (const k of ['product', 'category', 'service'] as const) {
      const v = plainText(logsourceNode.get(k, true) as Node);
      if (v) logsource[k] = v;
    }
  }
  const filterNode = get('filter');
  if (filterNode !== undefined && get('detection') === undefined) {
    const rulesNode = isMap(filterNode) ? filterNode.get('rules', true) as Node | undefined : undefined;
    const rules = (isSeq(rulesNode) ? rulesNode.items as Node[] : [rulesNode]).map(plainText).filter((r): r is string => !!r);
    if (rules.length === 0) throw new RuleError('a filter needs "filter.rules": the rules it applies to', 'filter.rules', filterNode);
    const d = parseDetection(filterNode, 'filter', lineOf, ['rules']);
    return { filter: { id, title, file, logsource, rules, ...d, line: lineOf(root) } };
  }
  const d = parseDetection(get('detection'), 'detection', lineOf);
  return {
    rule: {
      id, name: text('name'), title, file, logsource, ...d, line: lineOf(root),
      level: text('level') ?? 'unknown',
      status: text('status'),
    },
  };
}

/** `base` with `overlay` laid over it: maps merge key by key, anything else is replaced (Sigma 1 collections). */
function mergeMaps(base: YAMLMap, overlay: YAMLMap): YAMLMap {
  const out = base.clone() as YAMLMap;
  for (const pair of overlay.items) {
    const key = plainText(pair.key as Node);
    if (key === undefined || key === 'action') continue;
    const existing = out.items.find((p) => plainText(p.key as Node) === key);
    const value = existing && isMap(existing.value) && isMap(pair.value) ? mergeMaps(existing.value, pair.value) : pair.value;
    if (existing) existing.value = value;
    else out.items.push(new Pair(pair.key, value));
  }
  return out;
}

/** Parse one rule file's text. Each YAML document is one rule; bad documents become diagnostics. */
export function parseRules(source: string, file: string): ParseResult {
  const rules: Rule[] = [];
  const filters: SigmaFilter[] = [];
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const lineOf = (node: Node | null | undefined) => node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  // Sigma 1 collections: `action: global` is laid under every later document until `action: reset`;
  // `action: repeat` is the previous document with its own changes laid over it.
  let global: YAMLMap | undefined;
  let previous: YAMLMap | undefined;
  for (const doc of parseAllDocuments(source, { schema: 'failsafe', uniqueKeys: true, lineCounter })) {
    if (!('contents' in doc)) continue;
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      diagnostics.push({ severity: 'error', file, line: e.linePos?.[0].line, message: `YAML: ${e.message.split('\n')[0].replace(/:$/, '')}` });
      continue;
    }
    if (doc.contents === null) continue;
    // YAML aliases (*name) stand for their anchored node, as pySigma reads them.
    visit(doc, { Alias: (_, alias) => (alias.resolve(doc)?.clone() as Node | undefined) ?? visit.REMOVE });
    let root: Node = doc.contents as Node;
    if (isMap(root)) {
      const action = plainText(root.get('action', true) as Node);
      if (action === 'global') { global = mergeMaps(new YAMLMap(), root); continue; }
      if (action === 'reset') { global = undefined; continue; }
      if (action === 'repeat' && previous) root = mergeMaps(previous, root);
      else if (action && action !== 'repeat') {
        diagnostics.push({ severity: 'error', file, line: lineOf(root), message: `unknown collection action "${action}"` });
        continue;
      } else if (global) root = mergeMaps(global, root);
      previous = root as YAMLMap;
    }
    const ruleId = isMap(root) ? plainText(root.get('id', true) as Node) : undefined;
    try {
      const parsed = parseDoc(root, file, lineOf);
      if (parsed.rule) rules.push(parsed.rule);
      if (parsed.filter) filters.push(parsed.filter);
    } catch (e) {
      if (e instanceof RuleError) diagnostics.push({ severity: 'error', file, ruleId, path: e.path, line: lineOf(e.node) ?? lineOf(root), message: e.message });
      else diagnostics.push({ severity: 'crash', file, ruleId, line: lineOf(root), message: `internal error: ${(e as Error).message}` });
    }
  }
  return { rules, filters, diagnostics };
}
