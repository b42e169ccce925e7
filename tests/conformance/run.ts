// `npm run conformance`: every regression case, both engines; failures listed with their reason.
// The cases run twice: from their evtx_dump JSON exports, then from the .evtx recordings themselves.
import { runRegression } from './regression.js';

let ok = true;
for (const source of ['json', 'evtx'] as const) {
  const report = await runRegression({ source });
  for (const c of report.cases) if (!c.passed) console.log(`FAIL ${c.title} [${c.ruleId}]: ${c.why}\n     ${c.json}`);
  for (const p of report.problems) console.log(`input problem: ${p.file}${p.line ? ':' + p.line : ''}: ${p.message}`);
  console.log(`${report.events} events in ${report.cases.length} cases (${source})`);
  console.log(`regression ${report.passed}/${report.cases.length} passed, engines disagree on ${report.disagreements} events (from ${source === 'json' ? 'JSON exports' : '.evtx files'})`);
  ok &&= report.passed === report.cases.length && report.disagreements === 0;
}
process.exitCode = ok ? 0 : 1;
