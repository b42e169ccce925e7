// `npm run conformance`: every regression case, both engines; failures listed with their reason.
import { runRegression } from './regression.js';

const report = await runRegression();
for (const c of report.cases) if (!c.passed) console.log(`FAIL ${c.title} [${c.ruleId}]: ${c.why}\n     ${c.json}`);
for (const p of report.problems) console.log(`input problem: ${p.file}${p.line ? ':' + p.line : ''}: ${p.message}`);
console.log(`${report.events} events in ${report.cases.length} cases`);
console.log(`regression ${report.passed}/${report.cases.length} passed, engines disagree on ${report.disagreements} events`);
process.exitCode = report.passed === report.cases.length && report.disagreements === 0 ? 0 : 1;
