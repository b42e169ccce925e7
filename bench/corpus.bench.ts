// The whole compiled SigmaHQ corpus (about 3,750 rules, routed) over 59,707 real Sysmon events:
// JS baseline from batch bytes vs WASM from batch bytes, same batches, same run.
//   npm run bench:corpus [-- --json]
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { packBatch } from '../host/batch/pack.js';
import { loadRuleSources } from '../host/cli/rules.js';
import { compileRules } from '../host/compile/compile.js';
import { BaselineMatcher } from '../host/engine/baseline.js';
import { loadKernelModule, WasmMatcher } from '../host/engine/wasm.js';
import type { FlatEvent } from '../host/io/event.js';
import { readEvents } from '../host/io/inputs.js';
import { RULE_DIRS } from '../tests/conformance/regression.js';
import { sharedData } from '../tests/support.js';

const INPUTS = [
  'mordor/datasets/compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump.zip',
];
const json = process.argv.includes('--json');
const events: FlatEvent[] = [];
for (const input of INPUTS) for await (const r of readEvents(join(sharedData, input), (p) => { throw new Error(p.message); })) events.push(r.event);
const batches: Uint8Array[] = [];
for (let i = 0; i < events.length; i += 2048) batches.push(packBatch(events.slice(i, i + 2048)));
const batchBytes = batches.reduce((n, b) => n + b.length, 0);

const started = performance.now();
const { program, rules } = compileRules(await loadRuleSources(RULE_DIRS, []));
const compileMs = performance.now() - started;
const baseline = new BaselineMatcher(rules);
const wasm = new WasmMatcher(await loadKernelModule(), program);
const count = (m: { matchBatch(b: Uint8Array): unknown[] }) => batches.reduce((n, b) => n + m.matchBatch(b).length, 0);
const matches = count(baseline);
if (count(wasm) !== matches) throw new Error('the engines disagree on the match count');

// A pass of the baseline over the whole corpus takes seconds: a few timed passes are enough.
const bench = new Bench({ time: 0, iterations: 2, warmupIterations: 1, warmupTime: 0 });
bench.add('JS baseline from batch bytes', () => { count(baseline); });
bench.add('WASM from batch bytes', () => { count(wasm); });
await bench.run();
const [js, wa] = bench.tasks.map((t) => {
  const ms = t.result?.state === 'completed' ? t.result.latency.mean : NaN;
  return { events_per_s: Math.round(events.length / (ms / 1000)), mb_per_s: Number((batchBytes / 1e6 / (ms / 1000)).toFixed(1)), mean_ms: Number(ms.toFixed(1)) };
});
const result = { events: events.length, rules: rules.length, compile_ms: Math.round(compileMs), program_bytes: program.bytes.length, matches, baseline: js, wasm: { ...wa, ratio_vs_baseline: Number((wa.events_per_s / js.events_per_s).toFixed(2)) } };
if (json) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`${events.length} events, ${rules.length} rules compiled in ${result.compile_ms} ms (${program.bytes.length} bytes of program), ${matches} matches in both engines`);
  console.table({ 'JS baseline': js, WASM: result.wasm });
}
