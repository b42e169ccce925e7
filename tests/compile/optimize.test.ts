// Each IR pass on small trees: printed before and after.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printExpr, type Expr } from '../../host/compile/ir.js';
import { flatten, foldConstants, mergeNumberSets } from '../../host/compile/optimize.js';
import { stringPredicate } from '../../host/compile/lower.js';
import { parseWildcards } from '../../host/sigma/values.js';

const num = (field: string, ...values: number[]): Expr => ({ kind: 'pred', pred: { kind: 'numset', field, values } });
const eq = (field: string, literal: string): Expr => ({ kind: 'pred', pred: { kind: 'str', field, test: 'eq', literal } });
const T: Expr = { kind: 'const', value: true };
const F: Expr = { kind: 'const', value: false };

describe('IR passes', () => {
  it('flatten merges nested groups of one kind', () => {
    const e: Expr = { kind: 'and', items: [eq('A', 'a'), { kind: 'and', items: [eq('B', 'b'), { kind: 'or', items: [eq('C', 'c')] }] }] };
    assert.equal(printExpr(flatten(e)), '(A eq "a" and B eq "b" and C eq "c")');
  });
  it('foldConstants absorbs and drops constants', () => {
    assert.equal(printExpr(foldConstants({ kind: 'and', items: [eq('A', 'a'), F] })), 'false');
    assert.equal(printExpr(foldConstants({ kind: 'and', items: [eq('A', 'a'), T] })), 'A eq "a"');
    assert.equal(printExpr(foldConstants({ kind: 'or', items: [eq('A', 'a'), T] })), 'true');
    assert.equal(printExpr(foldConstants({ kind: 'not', item: { kind: 'not', item: eq('A', 'a') } })), 'A eq "a"');
  });
  it('mergeNumberSets joins number tests on one field in an OR, sorted', () => {
    const e: Expr = { kind: 'or', items: [num('P', 587), eq('A', 'a'), num('P', 25, 587), num('Q', 1)] };
    assert.equal(printExpr(mergeNumberSets(e)), '(P in {25, 587} or A eq "a" or Q in {1})');
  });
  it('mergeNumberSets leaves AND alone', () => {
    const e: Expr = { kind: 'and', items: [num('P', 1), num('P', 2)] };
    assert.equal(printExpr(mergeNumberSets(e)), '(P in {1} and P in {2})');
  });
});

describe('string tests from wildcard shapes', () => {
  const cases: [string, string][] = [
    ['abc', 'eq "abc"'], ['', 'eq ""'], ['ab*', 'prefix "ab"'], ['*ab', 'suffix "ab"'], ['*ab*', 'contains "ab"'],
    ['*', 'prefix ""'], ['a*b', 'glob "ab"'], ['a?', 'glob "a"'], ['ABC', 'eq "abc"'], ['a\\*', 'eq "a*"'],
  ];
  for (const [value, want] of cases) {
    it(`${value} → ${want}`, () => {
      const p = stringPredicate('F', parseWildcards(value));
      assert.equal(printExpr({ kind: 'pred', pred: p }), `F ${want}`);
    });
  }
});
