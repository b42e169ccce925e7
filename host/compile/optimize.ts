// IR passes. Each keeps the meaning of the expression exactly; tests check them one by one.
import type { Expr, Predicate } from './ir.js';

/** Nested and/or of the same kind become one; single-item groups disappear. */
export function flatten(e: Expr): Expr {
  if (e.kind === 'not') return { kind: 'not', item: flatten(e.item) };
  if (e.kind !== 'and' && e.kind !== 'or') return e;
  const items: Expr[] = [];
  for (const item of e.items.map(flatten)) {
    if (item.kind === e.kind) items.push(...item.items);
    else items.push(item);
  }
  return items.length === 1 ? items[0] : { kind: e.kind, items };
}

/** Constants absorb or vanish: `x and false` is false, `x or false` is x, `not true` is false. */
export function foldConstants(e: Expr): Expr {
  if (e.kind === 'not') {
    const item = foldConstants(e.item);
    if (item.kind === 'const') return { kind: 'const', value: !item.value };
    if (item.kind === 'not') return item.item;
    return { kind: 'not', item };
  }
  if (e.kind !== 'and' && e.kind !== 'or') return e;
  const absorbing = e.kind === 'or';
  const items: Expr[] = [];
  for (const item of e.items.map(foldConstants)) {
    if (item.kind === 'const') {
      if (item.value === absorbing) return item;
      continue;
    }
    items.push(item);
  }
  if (items.length === 0) return { kind: 'const', value: !absorbing };
  return items.length === 1 ? items[0] : { kind: e.kind, items };
}

/** In an OR, every number test on one field becomes one set lookup (the first one's place). */
export function mergeNumberSets(e: Expr): Expr {
  if (e.kind === 'not') return { kind: 'not', item: mergeNumberSets(e.item) };
  if (e.kind !== 'and' && e.kind !== 'or') return e;
  const items = e.items.map(mergeNumberSets);
  if (e.kind === 'and') return { kind: 'and', items };
  const byField = new Map<string, Extract<Predicate, { kind: 'numset' }>>();
  const merged: Expr[] = [];
  for (const item of items) {
    if (item.kind === 'pred' && item.pred.kind === 'numset') {
      const seen = byField.get(item.pred.field);
      if (seen) { for (const v of item.pred.values) if (!seen.values.includes(v)) seen.values.push(v); continue; }
      const copy = { ...item.pred, values: [...item.pred.values] };
      byField.set(copy.field, copy);
      merged.push({ kind: 'pred', pred: copy });
    } else merged.push(item);
  }
  for (const set of byField.values()) set.values.sort((a, b) => a - b);
  return merged.length === 1 ? merged[0] : { kind: 'or', items: merged };
}

export function optimize(e: Expr): Expr {
  return mergeNumberSets(foldConstants(flatten(e)));
}
