// `sigwasm scan`: stream events from inputs through packed batches into the engine.
import cliProgress from 'cli-progress';
import { packBatch } from '../batch/pack.js';
import { Engine, type EngineKind } from '../engine/engine.js';
import { expandInputs, readEvents } from '../io/inputs.js';
import { formatProblem, type ReadEvent, type ReadProblem } from '../io/event.js';
import type { Diagnostic } from '../sigma/model.js';
import { reportDiagnostics } from './diagnostics.js';
import { formatMatch, matchRecord, tableHeader, type Format } from './output.js';
import { loadPlaceholders, loadRuleSources } from './rules.js';

export interface ScanOptions {
  rules: string[];
  inputs: string[];
  engine: EngineKind;
  logsource: boolean;
  format: Format;
  batchSize: number;
  progress: boolean;
  verbose: boolean;
  placeholders?: string;
}

export interface ScanSummary {
  rules: number; rulesUnrouted: number; rulesDiagnosed: number; files: number; filesDamaged: number; filesSkipped: number;
  events: number; eventsSkipped: number; bytes: number; matches: number; matchedEvents: number; seconds: number;
}

type Write = (text: string) => Promise<void> | void;

export async function scan(opts: ScanOptions, out: Write, err: Write): Promise<ScanSummary> {
  const started = performance.now();
  const diagnostics: Diagnostic[] = [];
  const sources = await loadRuleSources(opts.rules, diagnostics);
  const placeholders = await loadPlaceholders(opts.placeholders);
  const engine = await Engine.compile(sources, { engine: opts.engine, logsource: opts.logsource, placeholders });
  diagnostics.push(...engine.diagnostics);
  const counts = reportDiagnostics(diagnostics, (line) => err(line + '\n'), opts.verbose);
  const rulesUnrouted = engine.rules.filter((r) => r.routes?.length === 0).length;

  const s: ScanSummary = { rules: engine.rules.length, rulesUnrouted, rulesDiagnosed: counts.errors + counts.crashes, files: 0, filesDamaged: 0, filesSkipped: 0, events: 0, eventsSkipped: 0, bytes: 0, matches: 0, matchedEvents: 0, seconds: 0 };
  const bar = opts.progress ? new cliProgress.SingleBar({
    format: 'scan {bar} {value}/{total} files | {events} events | {matches} matches', clearOnComplete: true, stream: process.stderr,
  }, cliProgress.Presets.shades_classic) : undefined;
  const print = (p: ReadProblem) => {
    bar?.stop();
    err(formatProblem(p, printable(p.message)) + '\n');
    bar?.start(bar.getTotal(), bar.getProgress() * bar.getTotal());
  };
  let fileFailed = false;
  const report = (p: ReadProblem) => {
    if (p.line !== undefined) s.eventsSkipped++; else fileFailed = true;
    print(p);
  };
  if (sources.length === 0) err(`no rule files found in ${opts.rules.join(', ')} (read: .yml .yaml)\n`);
  const files = await expandInputs(opts.inputs, (p) => { s.filesSkipped++; print(p); });
  if (files.length === 0) err(`no input files found in ${opts.inputs.join(', ')} (read: .evtx .json .jsonl .ndjson .log .gz .zip .tar.gz .tgz)\n`);
  if (opts.format === 'table') await out(tableHeader() + '\n');
  if (engine.rules.length > 0) {
    bar?.start(files.length, 0, { events: 0, matches: 0 });
    let batch: ReadEvent[] = [];
    const flush = async () => {
      const matches = engine.matchBatch(packBatch(batch.map((r) => r.event)));
      let lastEvent = -1;
      let text = '';
      for (const m of matches) {
        const r = batch[m.event];
        text += formatMatch(matchRecord(engine.rules[m.rule], r.event, r.pos), opts.format) + '\n';
        if (m.event !== lastEvent) { s.matchedEvents++; lastEvent = m.event; }
      }
      if (text) await out(text);
      s.matches += matches.length;
      batch = [];
      bar?.update({ events: s.events, matches: s.matches });
    };
    for (const file of files) {
      let read = 0;
      for await (const r of readEvents(file, report)) {
        batch.push(r);
        read++;
        s.events++;
        s.bytes += r.bytes;
        if (batch.length >= opts.batchSize) await flush();
      }
      // A file that failed before giving any event was skipped; one that broke later was read in part.
      if (fileFailed && read === 0) s.filesSkipped++;
      else { s.files++; if (fileFailed) s.filesDamaged++; }
      fileFailed = false;
      if (batch.length) await flush();
      bar?.increment();
    }
    bar?.stop();
  }
  s.seconds = (performance.now() - started) / 1000;
  err(summaryText(s) + '\n');
  return s;
}

/** Control characters as \xNN: messages quote input, which must not drive the terminal. */
function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\x9b]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function summaryText(s: ScanSummary): string {
  const rate = s.seconds > 0 ? ` (${Math.round(s.events / s.seconds).toLocaleString('en-US')} events/s, ${(s.bytes / 1e6 / s.seconds).toFixed(1)} MB/s)` : '';
  return [
    `rules: ${s.rules} compiled${s.rulesUnrouted ? ` (${s.rulesUnrouted} not evaluated: logsource not routed)` : ''}, ${s.rulesDiagnosed} rejected`,
    `inputs: ${s.files} files read${s.filesDamaged ? ` (${s.filesDamaged} in part: see the problems above)` : ''}, ${s.filesSkipped} skipped`,
    `events: ${s.events} read, ${s.eventsSkipped} skipped, ${s.matchedEvents} matched (${s.matches} matches) in ${s.seconds.toFixed(2)} s${rate}`,
  ].join('\n');
}
