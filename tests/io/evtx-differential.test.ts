// Differential tests of the EVTX reader against the reference tools (Debian: libevtx-utils gives
// evtxexport, python3-evtx gives evtx_dump.py; .ci/run installs them). Every record a tool prints
// must be one we read, with the same EventRecordID, EventID, System fields, EventData and UserData
// values (GUID case, hex padding and time precision normalized, see evtx-xml.ts). The tests skip,
// saying so, only when a tool is not installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EvtxRecord } from '../../host/io/evtx.js';
import { readEvtxRecords } from '../../host/io/evtx-node.js';
import { dataPath } from './data.js';
import { compareFacts, parseEvents, runTool, xmlFacts } from './evtx-xml.js';

const SAMPLES = dataPath('evtx-samples');
const REGRESSION = dataPath('sigma/regression_data');
const EVTX_DUMP = '/usr/bin/evtx_dump.py';

const hasEvtxexport = runTool('evtxexport', ['-V']) !== null;
const hasEvtxDump = runTool('/usr/bin/python3', ['-c', 'import Evtx']) ?.status === 0 && runTool(EVTX_DUMP, ['-h']) !== null;
const INSTALL = 'apt-get install -y --no-install-recommends libevtx-utils python3-evtx';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.evtx') ? [join(dir, e.name)] : []));
}

async function ours(file: string): Promise<EvtxRecord[]> {
  const records: EvtxRecord[] = [];
  for await (const r of readEvtxRecords(file, () => {})) records.push(r);
  return records;
}

/** Compare a tool's XML with our records; returns what the tool printed and the differences. */
async function differential(file: string, xml: string): Promise<{ theirs: number; ours: number; diffs: string[] }> {
  const records = await ours(file);
  const byId = new Map(records.map((r) => [String(r.event.EventRecordID), r]));
  const events = parseEvents(xml);
  const diffs: string[] = [];
  for (const ev of events) {
    const facts = xmlFacts(ev);
    const id = facts.system.EventRecordID!;
    const r = byId.get(id);
    if (r === undefined) { diffs.push(`record ${id}: not read`); continue; }
    if (String(r.event.EventID) !== facts.system.EventID) diffs.push(`record ${id}: EventID ${r.event.EventID} !== ${facts.system.EventID}`);
    for (const d of compareFacts(facts, r.event)) diffs.push(`record ${id}: ${d}`);
  }
  return { theirs: events.length, ours: records.length, diffs };
}

// Where evtxexport prints fewer records than we read (it stops at damage; TOOLCHAIN.md): its count.
// Everything it does print must still agree. Our own counts are checked against EXPECTED.md in evtx.test.ts.
const EVTXEXPORT_SHORT: Record<string, number> = {
  'E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': 89,
  'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': 24,
  'MSExchange_Management_wec.evtx': 0,
  'issue_201.evtx': 0,
  'Microsoft-Windows-HelloForBusiness%4Operational.evtx': 5, // its 6th record is the unparsable one
  'Microsoft-Windows-LanguagePackSetup%4Operational.evtx': 16,
  'sample_with_a_bad_chunk_magic.evtx': 267,
};

test('differential: evtxexport -f xml on every evtx sample', { skip: hasEvtxexport ? false : `evtxexport not installed (${INSTALL})` }, async () => {
  let compared = 0;
  const failures: string[] = [];
  for (const file of walk(SAMPLES)) {
    const name = file.slice(SAMPLES.length + 1);
    const out = runTool('evtxexport', ['-f', 'xml', file])!;
    const r = await differential(file, out.stdout);
    const expected = EVTXEXPORT_SHORT[name] ?? r.ours;
    if (r.theirs !== expected) failures.push(`${name}: evtxexport printed ${r.theirs} records, we read ${r.ours} (expected it to print ${expected})`);
    failures.push(...r.diffs.slice(0, 5).map((d) => `${name}: ${d}`));
    compared += r.theirs;
  }
  console.log(`evtxexport: ${compared} records compared over ${walk(SAMPLES).length} samples, ${failures.length} differences`);
  assert.deepEqual(failures, []);
  assert.ok(compared > 17000);
});

test('differential: evtxexport -f xml on every Sigma regression .evtx', { skip: hasEvtxexport ? false : `evtxexport not installed (${INSTALL})` }, async () => {
  const files = walk(REGRESSION);
  let compared = 0;
  const failures: string[] = [];
  for (const file of files) {
    const out = runTool('evtxexport', ['-f', 'xml', file])!;
    const r = await differential(file, out.stdout);
    if (r.theirs !== r.ours) failures.push(`${file}: evtxexport printed ${r.theirs} records, we read ${r.ours}`);
    failures.push(...r.diffs.slice(0, 5).map((d) => `${file}: ${d}`));
    compared += r.theirs;
  }
  console.log(`evtxexport: ${compared} records compared over ${files.length} regression files, ${failures.length} differences`);
  assert.equal(files.length, 202);
  assert.deepEqual(failures, []);
});

// evtx_dump.py takes seconds per MB: a few small files.
const EVTX_DUMP_FILES = [
  join(SAMPLES, 'new-user-security.evtx'),
  join(SAMPLES, 'Security_short_selected.evtx'),
  join(SAMPLES, 'Application_no_crc32.evtx'),
  ...walk(REGRESSION).filter((_, i) => i % 50 === 0),
];

test('differential: evtx_dump.py on small files', { skip: hasEvtxDump ? false : `evtx_dump.py (python3-evtx) not installed (${INSTALL})` }, async () => {
  const failures: string[] = [];
  let compared = 0;
  for (const file of EVTX_DUMP_FILES) {
    const xml = execFileSync('/usr/bin/python3', [EVTX_DUMP, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const r = await differential(file, xml);
    if (r.theirs !== r.ours) failures.push(`${file}: evtx_dump.py printed ${r.theirs} records, we read ${r.ours}`);
    failures.push(...r.diffs.slice(0, 5).map((d) => `${file}: ${d}`));
    compared += r.theirs;
  }
  console.log(`evtx_dump.py: ${compared} records compared over ${EVTX_DUMP_FILES.length} files, ${failures.length} differences`);
  assert.deepEqual(failures, []);
  assert.ok(compared >= 30);
});
