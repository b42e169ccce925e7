// The seed rule over >100k real Sysmon events (two Mordor LSASS campaign sets plus the 47 SMTP
// cases), four ways, on the same packed batches. Ratios are against (a), in this same run.
//   npm run bench            a table
//   npm run bench -- --json  one JSON document
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { packBatch } from '../host/batch/pack.js';
import { compileRules } from '../host/compile/compile.js';
import { BaselineMatcher } from '../host/engine/baseline.js';
import { loadKernelModule, WasmMatcher } from '../host/engine/wasm.js';
import type { FlatEvent } from '../host/io/event.js';
import { readEvents } from '../host/io/inputs.js';
import { sharedData, sharedRules } from '../tests/support.js';

const INPUTS = [
  'mordor/datasets/compound/LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump.zip',
  'mordor/datasets/compound/LSASS_campaign_06/metasploit_outflank-dumpert_lsass_memory_dump.zip',
  'smtp/events.jsonl',
];
const BATCH_EVENTS = 2048;
const json = process.argv.includes('--json');
const log = (s: string) => { if (!json) console.log(s); };

const events: FlatEvent[] = [];
let sourceBytes = 0;
for (const input of INPUTS) {
  for await (const r of readEvents(join(sharedData, input), (p) => { throw new Error(`${p.file}:${p.line}: ${p.message}`); })) {
    events.push(r.event);
    sourceBytes += r.bytes;
  }
}
const batches: Uint8Array[] = [];
for (let i = 0; i < events.length; i += BATCH_EVENTS) batches.push(packBatch(events.slice(i, i + BATCH_EVENTS)));
const batchBytes = batches.reduce((n, b) => n + b.length, 0);
log(`${events.length} events (${(sourceBytes / 1e6).toFixed(0)} MB of JSON) in ${batches.length} batches of ${BATCH_EVENTS}: ${(batchBytes / 1e6).toFixed(1)} MB packed`);

const rule = readFileSync(join(sharedRules, 'net_connection_win_susp_outbound_smtp_connections.yml'), 'utf8');

interface Result { events_per_s: number; mb_per_s: number; ratio_vs_baseline: number; mean_ms: number }

/** The four scenarios for one compilation of the seed rule; every one must find the same matches. */
async function measure(logsource: boolean): Promise<{ matches: number; results: Record<string, Result>; names: Record<string, string> }> {
  const { program, rules } = compileRules([{ file: 'seed.yml', text: rule }], { logsource });
  const baseline = new BaselineMatcher(rules);
  const wasm = new WasmMatcher(await loadKernelModule(), program);
  const decoded = batches.map((b) => baseline.decodeBatch(b));
  const resident = batches.map((b) => wasm.resident(b));
  const scenarios: Record<string, { name: string; run: () => number }> = {
    a: { name: '(a) msgpackr decode + JS baseline, from batch bytes', run: () => batches.reduce((n, b) => n + baseline.matchBatch(b).length, 0) },
    b: { name: '(b) JS baseline over pre-decoded objects', run: () => decoded.reduce((n, d) => n + baseline.matchDecoded(d).length, 0) },
    c: { name: '(c) WASM from batch bytes (copy into linear memory + kernel)', run: () => batches.reduce((n, b) => n + wasm.matchBatch(b).length, 0) },
    d: { name: '(d) WASM kernel alone (batches already in linear memory)', run: () => resident.reduce((n, p) => n + wasm.matchAt(p).length, 0) },
  };
  const counts = Object.fromEntries(Object.entries(scenarios).map(([k, s]) => [k, s.run()]));
  if (new Set(Object.values(counts)).size !== 1) throw new Error(`scenarios disagree on the match count: ${JSON.stringify(counts)}`);

  const bench = new Bench({ time: 2000, warmupTime: 500 });
  for (const s of Object.values(scenarios)) bench.add(s.name, () => { s.run(); });
  await bench.run();
  const results: Record<string, Result> = {};
  const keys = Object.keys(scenarios);
  for (const [i, task] of bench.tasks.entries()) {
    const r = task.result;
    if (!r || r.state !== 'completed') throw new Error(`${task.name}: ${r?.state ?? 'no result'}`);
    const seconds = r.latency.mean / 1000;
    results[keys[i]] = {
      events_per_s: Math.round(events.length / seconds),
      mb_per_s: Number((batchBytes / 1e6 / seconds).toFixed(1)),
      ratio_vs_baseline: 0,
      mean_ms: Number(r.latency.mean.toFixed(2)),
    };
  }
  for (const k of keys) results[k].ratio_vs_baseline = Number((results[k].events_per_s / results.a.events_per_s).toFixed(2));
  return { matches: counts.a, results, names: Object.fromEntries(keys.map((k) => [k, scenarios[k].name])) };
}

function printTable(title: string, m: Awaited<ReturnType<typeof measure>>) {
  log(`\n${title}: ${m.matches} matches in every scenario (MB/s counts packed batch bytes)`);
  console.table(Object.fromEntries(Object.entries(m.results).map(([k, r]) => [m.names[k], {
    'events/s': r.events_per_s.toLocaleString('en-US'), 'MB/s': r.mb_per_s, 'vs (a)': `${r.ratio_vs_baseline}×`, 'mean ms/pass': r.mean_ms,
  }])));
}

// Routed (the default): both engines skip the routes the rule does not read.
const routed = await measure(true);
// Logsource ignored: every event is read by the rule, so this measures per-event matching cost.
const unrouted = await measure(false);

if (json) {
  console.log(JSON.stringify({
    events: events.length, batch_bytes: batchBytes, source_json_bytes: sourceBytes, batch_events: BATCH_EVENTS,
    matches: routed.matches, scenarios: routed.results,
    logsource_ignored: { matches: unrouted.matches, scenarios: unrouted.results },
  }, null, 2));
} else {
  printTable('Seed rule, logsource routing on (default)', routed);
  printTable('Seed rule, logsource ignored (every event evaluated)', unrouted);
}
