// YAML rule text → typed rule model, with a diagnostic for everything it cannot take.
// Scalars are read with the failsafe schema, so YAML's type coercion never decides a match value:
// `00000429` stays the string it is written as; plain integers become numbers.
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, Scalar, type Document } from 'yaml';
import { ANY_FIELD, type Diagnostic, type FieldMatch, type Rule, type Search, type SigmaValue } from './model.js';
import { modifierProblem } from './modifiers.js';
import { parseWildcards } from './values.js';

export interface ParseResult { rules: Rule[]; diagnostics: Diagnostic[] }

class RuleError extends Error {
  constructor(message: string, readonly path?: string, readonly node?: Node | null) { super(message); }
}

type LineOf = (node: Node | null | undefined) => number | undefined;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** A plain YAML scalar typed the YAML 1.1 way Sigma rules were written for; quoted ones are strings. */
function scalarValue(node: Scalar): SigmaValue {
  const text = String(node.value);
  if (node.type === Scalar.PLAIN) {
    if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return { kind: 'null' };
    if (/^(true|True|TRUE)$/.test(text)) return { kind: 'bool', value: true };
    if (/^(false|False|FALSE)$/.test(text)) return { kind: 'bool', value: false };
    if (INTEGER.test(text) && Number.isSafeInteger(Number(text))) return { kind: 'num', value: Number(text), text };
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

function parseRuleDoc(doc: Document, file: string, lineOf: LineOf): Rule {
  const root = doc.contents;
  if (!isMap(root)) throw new RuleError('a rule must be a YAML map', undefined, root);
  const get = (key: string) => root.get(key, true) as Node | undefined;
  const text = (key: string) => plainText(get(key));
  if (text('action')) throw new RuleError(`multi-document rule collections (action: ${text('action')}) are not supported yet`);
  if (get('correlation')) throw new RuleError('correlation rules are not supported yet');
  if (get('filter')) throw new RuleError('Sigma filters are not supported yet');
  const id = text('id') ?? '';
  const title = text('title');
  if (!title) throw new RuleError('missing "title"');
  const detection = get('detection');
  if (!isMap(detection)) throw new RuleError('missing or malformed "detection" map', 'detection', detection);
  const logsourceNode = get('logsource');
  const logsource: Rule['logsource'] = {};
  if (isMap(logsourceNode)) {
    for (const k of ['product', 'category', 'service'] as const) {
      const v = plainText(logsourceNode.get(k, true) as Node);
      if (v) logsource[k] = v;
    }
  }
  const searches = new Map<string, Search>();
  let conditions: string[] = [];
  let conditionLine: number | undefined;
  for (const pair of detection.items) {
    const name = plainText(pair.key as Node);
    if (name === undefined) throw new RuleError('a search name must be a string', 'detection', pair.key as Node);
    const value = pair.value as Node | null;
    if (name === 'condition') {
      conditionLine = lineOf(value);
      const items = isSeq(value) ? value.items as Node[] : [value];
      conditions = items.map((c) => {
        const t = plainText(c);
        if (t === undefined) throw new RuleError('a condition must be a string', 'detection.condition', c);
        return t;
      });
    } else if (name === 'timeframe') {
      throw new RuleError('"timeframe" (aggregation) is not supported yet', 'detection.timeframe', value);
    } else {
      searches.set(name, parseSearch(name, value, `detection.${name}`, lineOf));
    }
  }
  if (conditions.length === 0) throw new RuleError('missing "detection.condition"', 'detection');
  return {
    id, title, file, logsource, searches, conditions, line: lineOf(root), conditionLine,
    level: text('level') ?? 'unknown',
    status: text('status'),
  };
}

/** Parse one rule file's text. Each YAML document is one rule; bad documents become diagnostics. */
export function parseRules(source: string, file: string): ParseResult {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const lineCounter = new LineCounter();
  const lineOf = (node: Node | null | undefined) => node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  for (const doc of parseAllDocuments(source, { schema: 'failsafe', uniqueKeys: true, lineCounter })) {
    if (!('contents' in doc)) continue;
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      diagnostics.push({ severity: 'error', file, line: e.linePos?.[0].line, message: `YAML: ${e.message.split('\n')[0]}` });
      continue;
    }
    if (doc.contents === null) continue;
    const ruleId = isMap(doc.contents) ? plainText(doc.contents.get('id', true) as Node) : undefined;
    try {
      rules.push(parseRuleDoc(doc, file, lineOf));
    } catch (e) {
      if (e instanceof RuleError) diagnostics.push({ severity: 'error', file, ruleId, path: e.path, line: lineOf(e.node) ?? lineOf(doc.contents), message: e.message });
      else diagnostics.push({ severity: 'crash', file, ruleId, line: lineOf(doc.contents), message: `internal error: ${(e as Error).message}` });
    }
  }
  return { rules, diagnostics };
}
