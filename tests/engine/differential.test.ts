// Both engines over every event of real Mordor archives: 0 disagreements allowed. Routed: the whole
// SigmaHQ corpus that compiles (about 3,750 rules). Routing off (every rule reads every event): the
// process_creation and network_connection rules (about 1,200) plus the seed rule.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { packBatch } from '../../host/batch/pack.js';
import { loadRuleSources } from '../../host/cli/rules.js';
import type { ReadProblem } from '../../host/io/event.js';
import { readEvents } from '../../host/io/inputs.js';
import type { FlatEvent } from '../../host/io/event.js';
import { bothEngines, sharedData, sharedRules } from '../support.js';
import { RULE_DIRS } from '../conformance/regression.js';

// With logsource ignored every rule reads every event: the baseline takes ~1 ms per event there,
// so that run covers the first three archives (17,373 events) and the routed run all four.
const ARCHIVES = [
  'datasets/atomic/windows/persistence/host/proxylogon_ssrf_rce_poc.zip', // flat (Logstash), Exchange SMTP traffic
  'datasets/atomic/windows/lateral_movement/host/covenant_psremoting_grunt.zip', // flat (NXLog)
  'datasets/atomic/windows/privilege_escalation/host/empire_invoke_runas.tar.gz', // Winlogbeat nested
  'datasets/compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump.zip', // the largest: 59,707 lines
];

describe('differential: WASM kernel vs JS baseline on real events', async () => {
  const corpus = await loadRuleSources([sharedRules, ...RULE_DIRS], []);
  const subset = await loadRuleSources([
    sharedRules,
    join(sharedData, 'sigma', 'rules', 'windows', 'process_creation'),
    join(sharedData, 'sigma', 'rules', 'windows', 'network_connection'),
  ], []);
  for (const logsource of [true, false]) {
    const engines = await bothEngines(logsource ? corpus : subset, { logsource });
    it(`${engines.js.rules.length} rules agree on every event (logsource ${logsource ? 'routed' : 'ignored'})`, async () => {
      assert.ok(engines.js.rules.length > (logsource ? 3700 : 1200), `rules compiled: ${engines.js.rules.length}`);
      const problems: ReadProblem[] = [];
      let events = 0, matches = 0, disagreements = 0;
      const archives = logsource ? ARCHIVES : ARCHIVES.slice(0, 3);
      for (const archive of archives) {
        let batch: FlatEvent[] = [];
        const flush = () => {
          const bytes = packBatch(batch);
          const key = (m: { event: number; rule: number }) => `${m.event}:${m.rule}`;
          const js = engines.js.matchBatch(bytes).map(key);
          const wasm = engines.wasm.matchBatch(bytes).map(key);
          const jsSet = new Set(js), wasmSet = new Set(wasm);
          disagreements += js.filter((k) => !wasmSet.has(k)).length + wasm.filter((k) => !jsSet.has(k)).length;
          matches += js.length;
          events += batch.length;
          batch = [];
        };
        for await (const r of readEvents(join(sharedData, 'mordor', archive), (p) => problems.push(p))) {
          batch.push(r.event);
          if (batch.length === 2048) flush();
        }
        flush();
      }
      console.log(`differential (logsource ${logsource}): ${events} events, ${engines.js.rules.length} rules, ${matches} matches, ${disagreements} disagreements`);
      assert.deepEqual(problems, []);
      assert.equal(events, 10487 + 4305 + 2581 + (logsource ? 59707 : 0));
      assert.ok(matches > 0, 'the rules match something, so agreement means something');
      assert.equal(disagreements, 0);
    });
  }
});
