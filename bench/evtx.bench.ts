// EVTX reader speed on the largest evtx samples, one core, beside the reference tool.
//   npm run bench:evtx              a table
//   npm run bench:evtx -- --json    one JSON document
//   npm run bench:evtx -- --evtx-dump   also time evtx_dump.py (seconds per file)
// Columns: our parse from memory (the browser-safe core, chunk by chunk), our Node file reader
// (64 KiB reads), and `evtxexport -f xml FILE` writing to /dev/null (libevtx, C, spawned; its
// process start is included). MB are the file's bytes; each figure is the median of several runs.
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVTX_CHUNK_SIZE, EVTX_HEADER_SIZE, EvtxParser } from '../host/io/evtx.js';
import { readEvtxRecords } from '../host/io/evtx-node.js';
import { sharedData } from '../tests/support.js';

const FILES = [
  'security.evtx',
  'sample-with-irregular-bool-values.evtx',
  'security_bad_string_cache.evtx',
  'system.evtx',
  '2-vss_7-System.evtx',
  'Security_with_size_t.evtx',
  'sysmon.evtx',
];
const json = process.argv.includes('--json');
const withEvtxDump = process.argv.includes('--evtx-dump');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Run `fn` until `minMs` have passed and at least `minRuns` times; median ms per run. */
async function time(fn: () => unknown, minRuns = 7, minMs = 1500): Promise<number> {
  const runs: number[] = [];
  const start = performance.now();
  while (runs.length < minRuns || performance.now() - start < minMs) {
    const t = performance.now();
    await fn();
    runs.push(performance.now() - t);
    if (runs.length >= 200) break;
  }
  return median(runs);
}

function parseMemory(bytes: Uint8Array): number {
  const p = new EvtxParser(() => {});
  p.header(bytes.subarray(0, EVTX_HEADER_SIZE));
  let n = 0;
  for (let i = 0, o = EVTX_HEADER_SIZE; o < bytes.length; i++, o += EVTX_CHUNK_SIZE) {
    for (const _ of p.chunk(bytes.subarray(o, o + EVTX_CHUNK_SIZE), i)) n++;
  }
  return n;
}

async function parseFile(file: string): Promise<number> {
  let n = 0;
  for await (const _ of readEvtxRecords(file, () => {})) n++;
  return n;
}

function spawnMs(cmd: string, args: string[], runs: number): number | null {
  const devnull = openSync('/dev/null', 'w');
  try {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync(cmd, args, { stdio: ['ignore', devnull, 'ignore'] });
      if (r.error) return null;
      ms.push(performance.now() - t);
    }
    return median(ms);
  } finally {
    closeSync(devnull);
  }
}

interface Row { file: string; mb: number; records: number; memory_ms: number; file_ms: number; evtxexport_ms: number | null; evtx_dump_ms?: number | null }
const rows: Row[] = [];
for (const name of FILES) {
  const file = join(sharedData, 'evtx-samples', name);
  const bytes = new Uint8Array(readFileSync(file));
  const records = parseMemory(bytes);
  const row: Row = {
    file: name, mb: statSync(file).size / 1e6, records,
    memory_ms: await time(() => parseMemory(bytes)),
    file_ms: await time(() => parseFile(file)),
    evtxexport_ms: spawnMs('evtxexport', ['-f', 'xml', file], 5),
  };
  if (withEvtxDump) row.evtx_dump_ms = spawnMs('/usr/bin/python3', ['/usr/bin/evtx_dump.py', file], 1);
  rows.push(row);
}

const mbps = (mb: number, ms: number | null | undefined) => (ms ? mb / (ms / 1000) : null);
const total = (k: 'memory_ms' | 'file_ms' | 'evtxexport_ms') => rows.reduce((s, r) => s + (r[k] ?? NaN), 0);
const totalMb = rows.reduce((s, r) => s + r.mb, 0), totalRecords = rows.reduce((s, r) => s + r.records, 0);

if (json) {
  console.log(JSON.stringify({
    files: rows.map((r) => ({ ...r, memory_mb_per_s: mbps(r.mb, r.memory_ms), memory_records_per_s: r.records / (r.memory_ms / 1000), file_mb_per_s: mbps(r.mb, r.file_ms), evtxexport_mb_per_s: mbps(r.mb, r.evtxexport_ms) })),
    total: { mb: totalMb, records: totalRecords, memory_mb_per_s: mbps(totalMb, total('memory_ms')), memory_records_per_s: totalRecords / (total('memory_ms') / 1000), file_mb_per_s: mbps(totalMb, total('file_ms')), evtxexport_mb_per_s: mbps(totalMb, total('evtxexport_ms')) },
  }, null, 2));
} else {
  const f = (x: number | null | undefined, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  const head = ['file', 'MB', 'records', 'ours mem MB/s', 'rec/s', 'ours file MB/s', 'evtxexport MB/s', 'ms ours/evtxexport', ...(withEvtxDump ? ['evtx_dump.py s'] : [])];
  const body = rows.map((r) => [r.file, f(r.mb, 2), String(r.records), f(mbps(r.mb, r.memory_ms)), f(r.records / (r.memory_ms / 1000)), f(mbps(r.mb, r.file_ms)), f(mbps(r.mb, r.evtxexport_ms)),
    `${f(r.file_ms, 1)} / ${f(r.evtxexport_ms, 1)}`, ...(withEvtxDump ? [f((r.evtx_dump_ms ?? NaN) / 1000, 1)] : [])]);
  body.push(['total', f(totalMb, 2), String(totalRecords), f(mbps(totalMb, total('memory_ms'))), f(totalRecords / (total('memory_ms') / 1000)), f(mbps(totalMb, total('file_ms'))), f(mbps(totalMb, total('evtxexport_ms'))),
    `${f(total('file_ms'), 1)} / ${f(total('evtxexport_ms'), 1)}`, ...(withEvtxDump ? [''] : [])]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`EVTX reader, one core (Node ${process.version}); evtxexport: ${rows[0]?.evtxexport_ms === null ? 'not installed' : 'libevtx-utils, spawned, stdout to /dev/null'}`);
  console.log(line(head));
  for (const r of body) console.log(line(r));
  console.log('sysmon.evtx is 9 chunks of records and 8 of debris: its MB/s counts the skipped debris.');
}
