// A bad rule gets a clear diagnostic naming its file, id and what is wrong; the other rules still run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRules } from '../../host/compile/compile.js';
import { bothEngines, ENGINES } from '../support.js';

const good = `title: good\nid: good-1\nlogsource: {product: windows}\ndetection:\n  sel:\n    A: 1\n  condition: sel\n`;
const rule = (id: string, detection: string) => `title: ${id}\nid: ${id}\nlogsource: {product: windows}\ndetection:\n${detection}\n`;

// (file text, diagnostic message pattern, YAML path or undefined)
const BAD: [string, RegExp, string | undefined][] = [
  ['title: x\n  bad: [indent\n', /^YAML: /, undefined],
  [rule('unknown-mod', '  sel:\n    A|containz: 1\n  condition: sel'), /unknown modifier "containz"/, 'detection.sel.A|containz'],
  [rule('time-string', "  sel:\n    A|minute: 'five'\n  condition: sel"), /minute needs integer values/, 'detection.sel.A|minute'],
  [rule('gt-string', "  sel:\n    A|gt: '5'\n  condition: sel"), /gt needs an integer value/, 'detection.sel.A|gt'],
  [rule('bad-regex', "  sel:\n    A|re: '(?<=x'\n  condition: sel"), /invalid regular expression/, 'detection.sel.A|re'],
  [rule('pcre-anchor', "  sel:\n    A|re: '\\Aabc'\n  condition: sel"), /anchors/, 'detection.sel.A|re'],
  [rule('bad-cidr', "  sel:\n    A|cidr: '10.0.0.300/8'\n  condition: sel"), /cidr: "10.0.0.300\/8" is not an IPv4 or IPv6 network/, 'detection.sel.A|cidr'],
  [rule('no-placeholder', "  sel:\n    A|expand: '%admins%'\n  condition: sel"), /placeholder %admins% has no values/, 'detection.sel.A|expand'],
  [rule('b64-wildcard', "  sel:\n    A|base64: 'a*'\n  condition: sel"), /cannot encode a value with wildcards/, 'detection.sel.A|base64'],
  [rule('exists-value', "  sel:\n    A|exists: yes please\n  condition: sel"), /exists takes one value/, 'detection.sel.A|exists'],
  [rule('bad-cond', '  sel:\n    A: 1\n  condition: sel and'), /ends too early/, 'detection.condition'],
  [rule('unknown-ref', '  sel:\n    A: 1\n  condition: sel and filter'), /"filter", which is not a search/, 'detection.condition'],
  [rule('no-match-pattern', '  sel:\n    A: 1\n  condition: 1 of filter_*'), /"filter_\*" in the condition names no search/, 'detection.condition'],
  [rule('qmark-pattern', '  selA:\n    A: 1\n  condition: 1 of sel?'), /"sel\?" in the condition names no search/, 'detection.condition'],
  [rule('two-of', '  sel1:\n    A: 1\n  condition: 2 of sel*'), /"2 of" is not Sigma: only "1 of" and "all of" are/, 'detection.condition'],
  [rule('empty-search', '  sel: {}\n  condition: sel'), /an empty search/, 'detection.sel'],
  [rule('keyword-gt', "  keywords:\n    '|gt': 5\n  condition: keywords"), /keyword searches take only string modifiers, not gt/, 'detection.keywords.|gt'],
  [rule('pcre-quote', "  sel:\n    A|re: '\\Qa.b\\E'\n  condition: sel"), /\\Q\.\.\.\\E quoting/, 'detection.sel.A|re'],
  [rule('pcre-class', "  sel:\n    A|re: '[]a]'\n  condition: sel"), /character classes starting with \]/, 'detection.sel.A|re'],
  [rule('aggregation', '  sel:\n    A: 1\n  condition: sel | count() > 5'), /aggregation/, 'detection.condition'],
  [rule('null-keyword', '  keywords:\n    - null\n  condition: keywords'), /null cannot take modifiers or be a keyword/, 'detection.keywords'],
  [rule('nested', '  sel:\n    A:\n      B: 1\n  condition: sel'), /scalar or a list of scalars/, 'detection.sel.A'],
  [rule('no-condition', '  sel:\n    A: 1'), /missing "detection.condition"/, 'detection'],
  ['title: no detection\nid: nodet\n', /missing or malformed "detection"/, 'detection'],
];

describe('rule diagnostics', () => {
  for (const [text, message, path] of BAD) {
    it(`${message.source}`, () => {
      const c = compileRules([{ file: 'bad.yml', text }, { file: 'good.yml', text: good }]);
      const errors = c.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1, JSON.stringify(c.diagnostics));
      assert.equal(errors[0].file, 'bad.yml');
      assert.match(errors[0].message, message);
      assert.equal(errors[0].path, path);
      assert.ok(errors[0].line && errors[0].line >= 1, 'has a line');
      assert.deepEqual(c.rules.map((r) => r.id), ['good-1']);
    });
  }

  it('names the rule id when the document has one', () => {
    const c = compileRules([{ file: 'bad.yml', text: rule('the-id', '  sel:\n    A|nope: 1\n  condition: sel') }]);
    assert.equal(c.diagnostics[0].ruleId, 'the-id');
  });

  it('an unknown logsource is a warning, and the rule reads no event unless routing is off', async () => {
    const text = good.replace('{product: windows}', '{product: windows, category: no_such_thing}');
    const c = compileRules([{ file: 'r.yml', text }]);
    assert.equal(c.rules.length, 1);
    assert.deepEqual(c.rules[0].routes, []);
    assert.equal(c.diagnostics[0].severity, 'warning');
    assert.match(c.diagnostics[0].message, /not evaluated: the logsource is not in the routing table/);
    const routed = await bothEngines([text]);
    const unrouted = await bothEngines([text], { logsource: false });
    for (const kind of ENGINES) {
      assert.deepEqual(routed[kind].match([{ A: 1 }]), []);
      assert.deepEqual(unrouted[kind].match([{ A: 1 }]), [{ event: 0, rule: 0 }]);
    }
  });

  it('a multi-document file with one bad document keeps the good ones', async () => {
    const text = `${good}---\n${rule('bad-doc', '  sel:\n    A|nope: 1\n  condition: sel')}---\n${good.replace(/good/g, 'also')}`;
    const engines = await bothEngines([{ file: 'multi.yml', text }], { logsource: false });
    for (const kind of ENGINES) {
      assert.deepEqual(engines[kind].rules.map((r) => r.id), ['good-1', 'also-1']);
      assert.deepEqual(engines[kind].match([{ A: 1 }]).map((m) => m.rule), [0, 1]);
    }
  });
});
