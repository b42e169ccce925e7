// Property: for any rule set built from the string, number and wildcard tests, and any events,
// the WASM kernel and the JS baseline report the same matches. fast-check generates both,
// from an alphabet chosen to hit the edges: case, multibyte UTF-8, wildcards and escapes, digits.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { bothEngines } from '../support.js';

const CHARS = ['a', 'B', 'c', 'Z', 'ä', 'Ä', '€', '😀', '\\', '*', '?', '-', '/', '0', '1', '5', ' ', '.', '\u2013'];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 12, size: 'medium' }).map((cs) => cs.join(''));
const FIELDS = ['A', 'B', 'C'];
const MODIFIERS = ['', '|contains', '|startswith', '|endswith', '|cased', '|contains|cased', '|windash|contains', '|gt', '|lte', '|neq', '|contains|all', '|exists'];

/** A YAML single-quoted scalar. */
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

const value = fc.oneof(text.map(quote), fc.integer({ min: -30, max: 3000 }).map(String), fc.constantFrom('true', 'null', "''"));
const selection = fc.record({
  field: fc.constantFrom(...FIELDS),
  modifier: fc.constantFrom(...MODIFIERS),
  values: fc.array(value, { minLength: 1, maxLength: 3 }),
});
const rule = fc.array(selection, { minLength: 1, maxLength: 3 });
const fieldValue = fc.oneof(text, fc.integer({ min: -30, max: 3000 }), fc.boolean(), fc.constant(null), fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`));
const event = fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 3 });

function ruleYaml(sels: { field: string; modifier: string; values: string[] }[], i: number): string {
  const body = sels.map((s, j) => {
    // Modifiers that need particular values get them; the rest take any generated value.
    const values = s.modifier === '|exists' ? ['true'] : /gt|lte/.test(s.modifier) ? s.values.map((v) => (/^-?\d+$/.test(v) ? v : '7')) : s.values;
    return `  sel${j}:\n    ${s.field}${s.modifier}:\n${values.map((v) => `      - ${v}`).join('\n')}`;
  }).join('\n');
  return `title: p${i}\nid: p${i}\nlogsource: {product: windows}\ndetection:\n${body}\n  condition: 1 of sel*\n`;
}

it('the kernel and the baseline agree on generated rules and events', async () => {
  let compared = 0, matched = 0;
  await fc.assert(fc.asyncProperty(fc.array(rule, { minLength: 1, maxLength: 40, size: 'medium' }), fc.array(event, { minLength: 1, maxLength: 60, size: 'medium' }), async (rules, events) => {
    const engines = await bothEngines(rules.map((r, i) => ruleYaml(r, i)), { logsource: false });
    const js = engines.js.match(events), wasm = engines.wasm.match(events);
    compared += rules.length * events.length;
    matched += js.length;
    assert.deepEqual(wasm, js);
  }), { numRuns: 600, seed: 20261204 });
  console.log(`property: ${compared} (rule, event) pairs compared, ${matched} matches, 0 disagreements`);
  assert.ok(matched > 100, 'the generated cases match often enough to mean something');
});
