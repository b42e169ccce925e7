// Rule files beyond one rule per document: Sigma filters (meta-rules that exclude events from
// named rules) and Sigma 1 collections (action: global / repeat / reset). Both engines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRules } from '../../host/compile/compile.js';
import { bothEngines, ENGINES } from '../support.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const proc = (image: string, user: string) => ({ EventID: 1, Channel: SYSMON, Image: image, User: user });

const rar = `title: Data Compressed - rar.exe
id: rule-rar
name: rar_usage
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\rar.exe'
  condition: selection
level: low
`;
const filter = (rules: string, logsource = '{product: windows, category: process_creation}') => `title: Filter Administrator account
id: filter-adm
logsource: ${logsource}
filter:
  rules: ${rules}
  selection:
    User|startswith: 'adm_'
  condition: selection
`;

describe('Sigma filters', () => {
  for (const [how, ref] of [['id', '[rule-rar]'], ['name', '[rar_usage]']]) {
    it(`exclude the filter's events from the rule named by ${how}`, async () => {
      const engines = await bothEngines([rar, filter(ref)]);
      assert.deepEqual(engines.js.rules[0].filters, ['filter-adm']);
      for (const kind of ENGINES) {
        const got = engines[kind].match([proc('C:\\rar.exe', 'adm_bob'), proc('C:\\rar.exe', 'bob'), proc('C:\\zip.exe', 'bob')]);
        assert.deepEqual(got.map((m) => m.event), [1], kind);
      }
    });
  }
  it('a filter with another logsource is not applied, with a warning', () => {
    const c = compileRules([{ file: 'r.yml', text: rar }, { file: 'f.yml', text: filter('[rule-rar]', '{product: windows, category: network_connection}') }]);
    assert.equal(c.rules[0].filters, undefined);
    assert.match(c.diagnostics.map((d) => d.message).join('\n'), /filter does not apply to rule "rule-rar": its logsource category differs/);
  });
  it('a filter naming no loaded rule is a warning', () => {
    const c = compileRules([{ file: 'f.yml', text: filter('[nope]') }]);
    assert.deepEqual(c.diagnostics.map((d) => [d.severity, d.message]), [['warning', 'filter names rule "nope", which is not loaded']]);
  });
  it('a filter with a bad condition is an error and changes nothing', () => {
    const c = compileRules([{ file: 'r.yml', text: rar }, { file: 'f.yml', text: filter('[rule-rar]').replace('condition: selection', 'condition: selection and') }]);
    assert.equal(c.rules[0].filters, undefined);
    assert.match(c.diagnostics[0].message, /^filter: condition "selection and" ends too early/);
  });
});

describe('Sigma 1 collections', () => {
  const collection = `action: global
title: Suspicious tools
logsource: {product: windows, category: process_creation}
detection:
  filter:
    User: admin
  condition: selection and not filter
level: high
---
id: tool-a
detection:
  selection:
    Image|endswith: '\\a.exe'
---
action: repeat
id: tool-b
detection:
  selection:
    Image|endswith: '\\b.exe'
---
action: reset
---
title: Plain rule
id: plain
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\c.exe'
  condition: selection
`;
  it('global is laid under each document, repeat over the previous, reset clears', async () => {
    const engines = await bothEngines([{ file: 'collection.yml', text: collection }]);
    assert.deepEqual(engines.js.diagnostics, []);
    assert.deepEqual(engines.js.rules.map((r) => [r.id, r.title, r.level]), [['tool-a', 'Suspicious tools', 'high'], ['tool-b', 'Suspicious tools', 'high'], ['plain', 'Plain rule', 'unknown']]);
    for (const kind of ENGINES) {
      const got = engines[kind].match([proc('C:\\a.exe', 'bob'), proc('C:\\b.exe', 'bob'), proc('C:\\b.exe', 'admin'), proc('C:\\c.exe', 'admin')]);
      assert.deepEqual(got.map((m) => [m.event, engines.js.rules[m.rule].id]), [[0, 'tool-a'], [1, 'tool-b'], [3, 'plain']], kind);
    }
  });
});
