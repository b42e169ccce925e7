// SigmaHQ's regression cases read from their .evtx recordings (host/io/evtx.ts) give the same
// results as from their evtx_dump JSON exports: same cases pass, same match counts, engines agree.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRegression } from '../conformance/regression.js';

test('conformance from .evtx: every regression case as from the JSON export', async () => {
  const fromJson = await runRegression({ source: 'json' });
  const fromEvtx = await runRegression({ source: 'evtx' });
  console.log(`regression from .evtx ${fromEvtx.passed}/${fromEvtx.cases.length} passed (JSON: ${fromJson.passed}/${fromJson.cases.length}), engines disagree on ${fromEvtx.disagreements} events`);
  assert.deepEqual(fromEvtx.problems, []);
  assert.equal(fromEvtx.events, fromJson.events);
  assert.equal(fromEvtx.passed, fromJson.passed);
  assert.equal(fromEvtx.disagreements, 0);
  const counts = (r: typeof fromJson) => r.cases.map((c) => `${c.ruleId}: js ${c.js} wasm ${c.wasm} ${c.passed ? 'pass' : 'fail'}`);
  assert.deepEqual(counts(fromEvtx), counts(fromJson));
});
