// The field names an expression reads.
import { predicates, type Expr } from './ir.js';

export function ruleFields(e: Expr): string[] {
  const fields = new Set<string>();
  for (const p of predicates(e)) if (p.field) fields.add(p.field);
  return [...fields];
}
