// The EVTX reader over the evtx crate's samples: record counts and recoveries from EXPECTED.md,
// rendered records against its snapshots, header facts, damage handling, streaming and layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { FlatEvent, ReadEvent, ReadProblem } from '../../host/io/event.js';
import { EvtxParser, parseFileHeader, readEvtx, readEvtxBlob, type EvtxProblem, type EvtxRecord } from '../../host/io/evtx.js';
import { readEvtxRecords } from '../../host/io/evtx-node.js';
import { readEvents } from '../../host/io/inputs.js';
import { normalizeEvent } from '../../host/io/normalize.js';
import { dataPath } from './data.js';
import { compareFacts, parseEvents, xmlFacts } from './evtx-xml.js';

const sample = (name: string) => dataPath(`evtx-samples/${name}`);

async function readAll(file: string): Promise<{ records: EvtxRecord[]; problems: EvtxProblem[] }> {
  const records: EvtxRecord[] = [];
  const problems: EvtxProblem[] = [];
  for await (const r of readEvtxRecords(file, (p) => problems.push(p))) records.push(r);
  return { records, problems };
}
/** Errors as the evtx crate counts them: records and chunks that could not be read (checksums are warnings). */
const errors = (ps: EvtxProblem[]) => ps.filter((p) => p.kind === 'record' || p.kind === 'chunk');

// ok / err per sample, from EXPECTED.md (the evtx crate's full-sample tests). security, system and
// sysmon are not in its table; their counts are where both reference tools agree (TOOLCHAIN.md).
const COUNTS: Array<[file: string, ok: number, err: number]> = [
  ['sample-with-irregular-bool-values.evtx', 3028, 0],
  ['2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx', 1910, 4],
  ['2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx', 1774, 2],
  ['2-vss_7-System.evtx', 1160, 0],
  ['sample_with_a_bad_chunk_magic.evtx', 270, 2],
  ['Microsoft-Windows-HelloForBusiness%4Operational.evtx', 6, 0],
  ['Microsoft-Windows-LanguagePackSetup%4Operational.evtx', 17, 0],
  ['E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx', 1146, 0],
  ['E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 459, 0],
  ['E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 340, 0],
  ['Application_no_crc32.evtx', 17, 0],
  ['post-Security.evtx', 126, 0],
  ['new-user-security.evtx', 4, 0],
  ['security.evtx', 2261, 0],
  ['system.evtx', 1881, 0],
  ['sysmon.evtx', 358, 0],
];

for (const [file, ok, err] of COUNTS) {
  test(`EVTX ${file}: ${ok} records read, ${err} unreadable (EXPECTED.md)`, async () => {
    const { records, problems } = await readAll(sample(file));
    assert.equal(records.length, ok);
    assert.equal(errors(problems).length, err, JSON.stringify(errors(problems)));
    for (const p of errors(problems)) assert.ok(p.chunk !== undefined && p.offset !== undefined, 'problems name chunk and offset');
    assert.deepEqual(records.map((r) => r.ordinal).slice(0, 3), [1, 2, 3].slice(0, records.length));
    for (const r of records) {
      assert.equal(typeof r.event.EventID, 'number', `record ${r.id} has a numeric EventID`);
      assert.equal(typeof r.event.EventRecordID, 'number');
      // HelloForBusiness' 6th record is the upstream "unparsable" one: zeroed System values, empty Channel.
      assert.ok(typeof r.event.Channel === 'string' || r.event.Channel === null);
      assert.match(String(r.event.TimeCreated), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6,9}Z$/);
    }
  });
}

test('EVTX sample-with-zero-data-size-event.evtx: 336 items in all, the error is the zero-size record', async () => {
  const { records, problems } = await readAll(sample('sample-with-zero-data-size-event.evtx'));
  assert.equal(records.length + errors(problems).length, 336);
  for (const p of errors(problems)) assert.match(p.message, /invalid record size 0 \(at least 28\)/);
});

test('EVTX security.evtx header and first records (EXPECTED.md facts)', async () => {
  const buf = readFileSync(sample('security.evtx')).subarray(0, 4096);
  const problems: EvtxProblem[] = [];
  const h = parseFileHeader(buf, (p) => problems.push(p));
  assert.deepEqual(problems, []);
  assert.deepEqual({ ...h }, {
    firstChunk: 0, lastChunk: 25, nextRecordId: 2226, headerSize: 128, minorVersion: 1, majorVersion: 3,
    blockSize: 4096, chunkCount: 26, flags: 1, checksumOk: true,
  });
  const { records, problems: ps } = await readAll(sample('security.evtx'));
  assert.deepEqual(ps.filter((p) => p.chunk === 0 || p.chunk === 1), [], 'chunks 0 and 1 validate');
  assert.deepEqual(records.slice(0, 1000).map((r) => r.id), Array.from({ length: 1000 }, (_, i) => i + 1));
  assert.equal(records[0]!.event.EventID, 4608);
  assert.equal(records[0]!.event.Provider, 'Microsoft-Windows-Security-Auditing');
  assert.equal(records.filter((r) => r.chunk === 0).length, 91, 'chunk 0 holds records 1..91');
  const system = await readAll(sample('system.evtx'));
  assert.deepEqual(system.records.slice(0, 10).map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(system.records[1]!.event.Binary, 'E107070003000C00110010001C00D6000000000000000000');
  assert.equal(system.records[0]!.event.Binary, null, 'record 1 has an empty <Binary>');
});

test('EVTX Security_with_size_t.evtx record 196: size_t and hex values as the snapshot shows them', async () => {
  const { records } = await readAll(sample('Security_with_size_t.evtx'));
  const e = records.find((r) => r.id === 196)!.event;
  assert.equal(e.HandleId, '0x7eec');
  assert.equal(e.ProcessId, '0x858');
  assert.equal(e.SubjectLogonId, '0x3e7');
});

// ---------------------------------------------------------------------------------------------
// Snapshots: the evtx crate's rendering of particular records, compared field by field.

const SNAPSHOTS: Array<[snap: string, file: string, pick: 'first' | number]> = [
  ['event_xml_sample', 'security.evtx', 1],
  ['event_json_sample', 'security.evtx', 1],
  ['event_xml_sample_with_string_with_trailing_spaces', 'security.evtx', 2260],
  ['event_json_missing_string_cache_entry', 'security_bad_string_cache.evtx', 1],
  ['event_xml_sample_with_event_data_with_attributes_and_text', 'system.evtx', 1],
  ['event_json_sample_with_event_data_with_attributes_and_text', 'system.evtx', 1],
  ['event_xml_sample_with_user_data', 'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 'first'],
  ['event_xml_sample_with_entity_ref', 'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 28],
  ['event_xml_sample_with_entity_ref_2', 'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 25],
  ['event_json_with_multiple_nodes_same_name', 'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 28],
  ['event_json_with_multiple_nodes_same_name_separate', 'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 28],
  ['event_json_with_size_t', 'Security_with_size_t.evtx', 196],
  ['event_json_with_multiple_data_elements', 'MSExchange_Management_wec.evtx', 'first'], // XML text despite the name
  ['event_json_with_multiple_data_elements-2', 'MSExchange_Management_wec.evtx', 'first'],
  ['event_json_multiple_empty_data_nodes_not_ignored', 'issue_201.evtx', 'first'],
];

function snapshotBody(name: string): string {
  const text = readFileSync(dataPath(`evtx-samples/snapshots/test_record_samples__${name}.snap`), 'utf8');
  return text.replace(/^---\n[\s\S]*?\n---\n/, '');
}

/** The JSON snapshot through normalizeEvent (the JSON reader's mapping), separate attributes folded back. */
function snapshotJsonFields(body: string): FlatEvent {
  const fold = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k.endsWith('_attributes')) {
        const base = k.slice(0, -'_attributes'.length);
        const cur = (out[base] ?? (v as Record<string, unknown>)[base]);
        out[base] = { '#attributes': x, ...(typeof cur === 'object' && cur !== null ? fold(cur) as object : cur === null || cur === undefined ? {} : { '#text': cur }) };
      } else if (!(k + '_attributes' in (v as object))) out[k] = fold(x);
    }
    return out;
  };
  return normalizeEvent(fold(JSON.parse(body)))!;
}

async function pickRecord(file: string, pick: 'first' | number): Promise<FlatEvent> {
  const { records } = await readAll(sample(file));
  const r = pick === 'first' ? records[0] : records.find((x) => x.id === pick);
  assert.ok(r, `record ${pick} of ${file}`);
  return r.event;
}

for (const [snap, file, pick] of SNAPSHOTS) {
  test(`EVTX snapshot ${snap}: ${file} record ${pick}`, async () => {
    const event = await pickRecord(file, pick);
    const body = snapshotBody(snap);
    if (body.trimStart().startsWith('<')) {
      const [ev] = parseEvents(body);
      assert.deepEqual(compareFacts(xmlFacts(ev!), event), []);
      return;
    }
    const expected = snapshotJsonFields(body);
    let compared = 0;
    for (const [k, v] of Object.entries(expected)) {
      if (k.startsWith('Event.') || k.includes('xmlns')) continue; // document wrapper, not data
      if (k === 'Data.#text') { // unnamed <Data> elements: an array in the snapshot, param1..N here
        const items = JSON.parse(String(v)) as string[];
        assert.deepEqual(items.map((_, i) => event[`param${i + 1}`]), items);
        compared += items.length;
        continue;
      }
      if (k === 'EventID.#text') continue; // evtx_dump JSON's number, our text: EventID checked below
      assert.equal(event[k] === null ? null : String(event[k]), v === null ? null : String(v), `field ${k}`);
      compared++;
    }
    assert.ok(compared >= 8, `compared ${compared} fields`);
    assert.equal(event.EventID, Number(expected.EventID));
  });
}

// ---------------------------------------------------------------------------------------------
// Layout, streaming, damage.

test('EVTX flat layout: named, unnamed and UserData fields, System attributes, precedence', async () => {
  const sys = await pickRecord('system.evtx', 1);
  assert.deepEqual([sys.param1, sys.param2, sys.param3, sys.param4, sys.param5], ['10.00.', '15063', '', 'Multiprocessor Free', '0']);
  assert.equal(sys.Data, '10.00.\n15063\n\nMultiprocessor Free\n0');
  assert.equal(sys['EventID.#attributes.Qualifiers'], '32768');
  assert.equal(sys.EventID, 6009);
  const capi = await pickRecord('E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 28);
  assert.equal(capi['URL.#text'], 'http://crl.microsoft.com/pki/crl/products/microsoftrootcert.crl');
  assert.equal(capi['URL.#attributes.scheme'], 'http');
  assert.equal(capi['AdditionalInfo.HTTPRequestHeadersInfo.Header_2'], 'If-None-Match: "ea9ee7b1bc43d21:0"');
  assert.equal(capi['Security.#attributes.UserID'], 'S-1-5-21-1223297778-3299746493-1462173606-500');
  assert.equal(capi.Channel, 'Microsoft-Windows-CAPI2/Operational');
  const sec = await pickRecord('security.evtx', 2260);
  assert.equal(sec.LogonProcessName, 'Advapi  ', 'trailing spaces kept');
  assert.equal(sec.TimeCreated, '2017-04-14T01:21:10.906949Z');
  assert.equal(sec['Execution.#attributes.ProcessID'], '536');
});

test('EVTX streaming: odd-sized pieces, a Blob, and the file reader give the same records', async () => {
  const file = sample('sample_with_a_bad_chunk_magic.evtx');
  const bytes = await readFile(file);
  const fromFile = await readAll(file);
  async function* pieces(size: number) { for (let i = 0; i < bytes.length; i += size) yield new Uint8Array(bytes.subarray(i, i + size)); }
  for (const size of [1, 4093, 65536, 100000]) {
    if (size === 1) continue; // byte by byte is slow and adds nothing over 4093
    const problems: EvtxProblem[] = [];
    const got: EvtxRecord[] = [];
    for await (const r of readEvtx(pieces(size), (p) => problems.push(p))) got.push(r);
    assert.deepEqual(got, fromFile.records, `pieces of ${size}`);
    assert.deepEqual(problems, fromFile.problems);
  }
  const blobRecords: EvtxRecord[] = [];
  for await (const r of readEvtxBlob(new Blob([bytes]), () => {})) blobRecords.push(r);
  assert.deepEqual(blobRecords, fromFile.records);
});

test('EVTX through readEvents: .evtx inputs are read, pos has ordinal, record and chunk', async () => {
  const file = sample('new-user-security.evtx');
  const got: ReadEvent[] = [];
  const problems: ReadProblem[] = [];
  for await (const r of readEvents(file, (p) => problems.push(p))) got.push(r);
  assert.deepEqual(problems, []);
  assert.equal(got.length, 4);
  assert.deepEqual(got.map((r) => r.pos.line), [1, 2, 3, 4]);
  assert.deepEqual(got.map((r) => r.pos.record), got.map((r) => r.event.EventRecordID));
  assert.ok(got.every((r) => r.pos.chunk === 0 && r.bytes > 28));
});

/** Read bytes through the core parser; never throws, whatever the bytes. */
async function readBytes(bytes: Uint8Array): Promise<{ records: EvtxRecord[]; problems: EvtxProblem[] }> {
  const records: EvtxRecord[] = [];
  const problems: EvtxProblem[] = [];
  async function* one() { yield bytes; }
  for await (const r of readEvtx(one(), (p) => problems.push(p))) records.push(r);
  return { records, problems };
}

test('EVTX damage: truncation, zeroed and flipped bytes, garbage are reported and never throw', async () => {
  const bytes = new Uint8Array(await readFile(sample('security.evtx')));
  const clean = await readBytes(bytes);
  assert.equal(clean.records.length, 2261);

  // Truncated in the middle of chunk 3: chunks 0..2 whole, chunk 3 up to the cut.
  const cut = 4096 + 3 * 65536 + 30000;
  const t = await readBytes(bytes.subarray(0, cut));
  const before = clean.records.filter((r) => r.offset + r.size <= cut).length;
  assert.ok(t.records.length >= before - 1 && t.records.length <= before, `${t.records.length} of ${before}`);
  assert.ok(t.problems.some((p) => p.kind === 'chunk' && p.chunk === 3 && /truncated/.test(p.message)));
  assert.ok(t.problems.some((p) => p.kind === 'record' && p.chunk === 3), 'the record cut in half is reported');

  // Shorter than a header, and not EVTX at all.
  assert.equal((await readBytes(bytes.subarray(0, 100))).problems[0]!.kind, 'file');
  const text = await readBytes(new TextEncoder().encode('{"EventID": 1}\n'.repeat(1000)));
  assert.deepEqual(text.records, []);
  assert.match(text.problems[0]!.message, /not an EVTX file/);

  // Chunk 1's magic broken: its 91-ish records are lost, reported once, the rest kept.
  const badMagic = bytes.slice();
  badMagic[4096 + 65536] = 0x58;
  const m = await readBytes(badMagic);
  const inChunk1 = clean.records.filter((r) => r.chunk === 1).length;
  assert.equal(m.records.length, 2261 - inChunk1);
  assert.deepEqual(m.problems.map((p) => [p.kind, p.chunk]), [['chunk', 1]]);

  // A byte flipped inside a record's BinXML: a checksum warning, at most that record lost.
  const flip = bytes.slice();
  const victim = clean.records[500]!;
  for (let i = 40; i < 48; i++) flip[victim.offset + i] = 0xff;
  const f = await readBytes(flip);
  assert.ok(f.records.length >= 2260, `${f.records.length}`);
  assert.ok(f.problems.some((p) => p.kind === 'checksum' && p.chunk === victim.chunk));

  // A record size of zero ends its chunk; the next chunks are read.
  const zero = bytes.slice();
  new DataView(zero.buffer).setUint32(victim.offset + 4, 0, true);
  const z = await readBytes(zero);
  const lost = clean.records.filter((r) => r.chunk === victim.chunk && r.offset >= victim.offset).length;
  assert.equal(z.records.length, 2261 - lost);
  assert.ok(z.problems.some((p) => p.kind === 'record' && p.record === victim.id && /size 0/.test(p.message)));

  // Random garbage over every chunk's records: nothing throws, problems name their chunk.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff;
  for (let round = 0; round < 3; round++) {
    const g = bytes.slice();
    for (let c = 0; c < 26; c++) for (let i = 0; i < 200; i++) g[4096 + c * 65536 + 512 + ((rnd() << 8) | rnd()) % 65000] = rnd();
    const r = await readBytes(g);
    assert.ok(r.records.length > 0);
    assert.ok(r.problems.every((p) => p.kind === 'file' || p.chunk !== undefined));
  }
});

test('EVTX parser core is browser-safe: no Node imports', () => {
  for (const f of ['evtx.js', 'evtx-binxml.js', 'evtx-values.js']) {
    const src = readFileSync(new URL(`../../host/io/${f}`, import.meta.url), 'utf8');
    assert.doesNotMatch(src, /from ['"](node:|fs|path|stream|zlib|buffer)/, f);
    assert.doesNotMatch(src, /\bBuffer\.|\bprocess\.|require\(/, f);
  }
});

test('EVTX memory: a file is read one chunk at a time (no whole-file read)', async () => {
  // The Node reader reads 64 KiB at a time through one FileHandle; spy on its reads.
  const file = sample('security.evtx');
  const fh = await open(file, 'r');
  const proto = Object.getPrototypeOf(fh) as { read: (...a: unknown[]) => Promise<{ bytesRead: number }> };
  await fh.close();
  const original = proto.read;
  let largest = 0;
  proto.read = function (this: unknown, ...args: unknown[]) {
    const p = original.apply(this, args);
    return p.then((r) => { largest = Math.max(largest, r.bytesRead); return r; });
  };
  try {
    const { records } = await readAll(file);
    assert.equal(records.length, 2261);
  } finally {
    proto.read = original;
  }
  assert.ok(largest > 0 && largest <= 65536, `largest read ${largest}`);
});

test('EVTX parser object can be driven chunk by chunk', () => {
  const bytes = readFileSync(sample('new-user-security.evtx'));
  const problems: EvtxProblem[] = [];
  const p = new EvtxParser((x) => problems.push(x));
  assert.ok(p.header(bytes.subarray(0, 4096)));
  const recs = [...p.chunk(bytes.subarray(4096, 4096 + 65536), 0)];
  assert.equal(recs.length, 4);
  assert.deepEqual(problems, []);
});
