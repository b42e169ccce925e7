// The field names an expression reads.
import type { Expr } from './ir.js';

export function ruleFields(e: Expr, out: Set<string> = new Set()): string[] {
  if (e.kind === 'pred') out.add(e.pred.field);
  else if (e.kind === 'not') ruleFields(e.item, out);
  else if (e.kind === 'and' || e.kind === 'or') for (const i of e.items) ruleFields(i, out);
  return [...out];
}
