// SigmaHQ's own regression cases, all of them, on both engines (npm run conformance lists failures).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runRegression } from './regression.js';

it('every SigmaHQ regression case matches its rule at least the expected number of times, and the engines agree', async () => {
  const report = await runRegression();
  const failures = report.cases.filter((c) => !c.passed).map((c) => `${c.title} [${c.ruleId}]: ${c.why}`);
  console.log(`regression ${report.passed}/${report.cases.length} passed, engines disagree on ${report.disagreements} events (${report.events} events)`);
  assert.equal(report.cases.length, 202);
  assert.deepEqual(failures, []);
  assert.deepEqual(report.problems, []);
  assert.equal(report.disagreements, 0);
});
