// The IR: a boolean tree of predicates over one field each. Both engines run it (the JS
// baseline directly, the kernel as bytecode), so it is the single statement of a rule's meaning.
import type { Logsource, StringParts } from '../sigma/model.js';
import type { TimePartName } from './time.js';
import type { Network } from './ip.js';

export type NumberCompare = 'lt' | 'lte' | 'gt' | 'gte';

export type StringTest = 'eq' | 'prefix' | 'suffix' | 'contains' | 'glob';

export type Predicate =
  /** The field's text, ASCII case-folded, passes the test against a pre-folded literal or pattern. */
  | { kind: 'str'; field: string; test: StringTest; literal: string; pattern?: StringParts; cased?: boolean }
  /** The field's value, as a decimal integer (leading zeros allowed), compares with the bound. */
  | { kind: 'numcmp'; field: string; compare: NumberCompare; bound: number }
  /** The field's text is an IP address in one of these networks (specs as written, for printing). */
  | { kind: 'cidr'; field: string; networks: Network[]; specs: string[] }
  /** A part of the field's date text (time modifiers) is one of these integers. */
  | { kind: 'timepart'; field: string; part: TimePartName; values: number[] }
  /** The field's value, as canonical decimal text, is one of these integers. */
  | { kind: 'numset'; field: string; values: number[] }
  /** The field is missing or null. */
  | { kind: 'null'; field: string }
  /** The field is present (even if null or empty). */
  | { kind: 'exists'; field: string }
  /** The field's text (not folded) matches a regular expression somewhere (index into the rule set's regex table). */
  | { kind: 'regex'; field: string; source: string; flags: string }
  /** The field's text equals the other field's text (ASCII case-folded); false if either is missing. */
  | { kind: 'fieldref'; field: string; other: string };

export type Expr =
  | { kind: 'pred'; pred: Predicate }
  | { kind: 'and' | 'or'; items: Expr[] }
  | { kind: 'not'; item: Expr }
  | { kind: 'const'; value: boolean };

export interface CompiledRule {
  id: string;
  name?: string;
  title: string;
  level: string;
  file: string;
  /** Route keys whose events the rule reads; undefined means every event (logsource routing off), [] none. */
  routes?: number[];
  expr: Expr;
  logsource?: Logsource;
  /** Ids (or titles) of the Sigma filters applied to the rule. */
  filters?: string[];
}

/** Every predicate of an expression, depth first. */
export function* predicates(e: Expr): Generator<Predicate> {
  if (e.kind === 'pred') yield e.pred;
  else if (e.kind === 'not') yield* predicates(e.item);
  else if (e.kind === 'and' || e.kind === 'or') for (const i of e.items) yield* predicates(i);
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'const': return String(e.value);
    case 'not': return `not ${printExpr(e.item)}`;
    case 'and': case 'or': return `(${e.items.map(printExpr).join(` ${e.kind} `)})`;
    case 'pred': {
      const p = { ...e.pred, field: e.pred.field || '(any field)' };
      if (p.kind === 'null') return `${p.field} is null`;
      if (p.kind === 'exists') return `${p.field} exists`;
      if (p.kind === 'regex') return `${p.field} matches /${p.source}/${p.flags}`;
      if (p.kind === 'fieldref') return `${p.field} equals field ${p.other}`;
      if (p.kind === 'numset') return `${p.field} in {${p.values.join(', ')}}`;
      if (p.kind === 'cidr') return `${p.field} in networks {${p.specs.join(', ')}}`;
      if (p.kind === 'timepart') return `${p.part}(${p.field}) in {${p.values.join(', ')}}`;
      if (p.kind === 'numcmp') return `${p.field} ${p.compare} ${p.bound}`;
      return `${p.field} ${p.test}${p.cased ? '(cased)' : ''} ${JSON.stringify(p.literal)}`;
    }
  }
}
