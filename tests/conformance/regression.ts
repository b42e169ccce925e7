// SigmaHQ's regression cases (../shared/data/sigma/regression_data): each names a rule and a
// recording of the events it must match (evtx_dump JSON export), with the expected match count.
// Every case runs through one engine holding the whole corpus, on both engines.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packBatch } from '../../host/batch/pack.js';
import { loadRuleSources } from '../../host/cli/rules.js';
import type { FlatEvent, ReadProblem } from '../../host/io/event.js';
import { readEvents } from '../../host/io/inputs.js';
import { formatDiagnostic } from '../../host/sigma/model.js';
import { bothEngines, sharedData } from '../support.js';

export const SIGMA = join(sharedData, 'sigma');
export const RULE_DIRS = ['rules', 'rules-emerging-threats', 'rules-threat-hunting', 'rules-placeholder', 'rules-compliance'].map((d) => join(SIGMA, d));

export interface CaseResult { ruleId: string; title: string; json: string; expected: number; js: number; wasm: number; passed: boolean; why?: string }
export interface RegressionReport { cases: CaseResult[]; passed: number; disagreements: number; events: number; problems: ReadProblem[] }

async function* infoFiles(dir: string): AsyncGenerator<string> {
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory()) yield* infoFiles(join(dir, e.name));
    else if (e.name === 'info.yml') yield join(dir, e.name);
  }
}

/** `source: 'evtx'` reads each case's .evtx recording (host/io/evtx.ts) instead of its evtx_dump JSON export. */
export async function runRegression(options: { source?: 'json' | 'evtx' } = {}): Promise<RegressionReport> {
  const engines = await bothEngines(await loadRuleSources(RULE_DIRS, []));
  const ruleIndex = new Map(engines.js.rules.map((r, i) => [r.id, i]));
  const diagnosticsById = new Map(engines.js.diagnostics.filter((d) => d.severity !== 'warning').map((d) => [d.ruleId, d]));
  const report: RegressionReport = { cases: [], passed: 0, disagreements: 0, events: 0, problems: [] };
  for await (const info of infoFiles(join(SIGMA, 'regression_data'))) {
    const meta = parse(await readFile(info, 'utf8'));
    const ruleId: string = meta.rule_metadata[0].id;
    const title: string = meta.rule_metadata[0].title;
    for (const test of meta.regression_tests_info ?? []) {
      if (test.type !== 'evtx') continue;
      const json = join(SIGMA, options.source === 'evtx' ? String(test.path) : String(test.path).replace(/\.evtx$/, '.json'));
      const expected = Number(test.match_count ?? 1);
      const events: FlatEvent[] = [];
      for await (const r of readEvents(json, (p) => report.problems.push(p))) events.push(r.event);
      report.events += events.length;
      const batch = packBatch(events);
      const js = engines.js.matchBatch(batch), wasm = engines.wasm.matchBatch(batch);
      const key = (m: { event: number; rule: number }) => `${m.event}:${m.rule}`;
      const jsKeys = new Set(js.map(key)), wasmKeys = new Set(wasm.map(key));
      report.disagreements += [...jsKeys].filter((k) => !wasmKeys.has(k)).length + [...wasmKeys].filter((k) => !jsKeys.has(k)).length;
      const r = ruleIndex.get(ruleId);
      const count = (ms: { rule: number }[]) => ms.filter((m) => m.rule === r).length;
      const result: CaseResult = { ruleId, title, json, expected, js: count(js), wasm: count(wasm), passed: false };
      if (r === undefined) {
        const d = diagnosticsById.get(ruleId);
        result.why = d ? `rule not compiled: ${formatDiagnostic(d)}` : 'rule not found in the corpus';
      } else if (result.js < expected || result.wasm < expected) {
        result.why = `matched ${result.js} (js) / ${result.wasm} (wasm) of ${events.length} events, expected at least ${expected}`;
      } else result.passed = true;
      if (result.passed) report.passed++;
      report.cases.push(result);
    }
  }
  return report;
}
