// Bad and edge-case input, on small temp files: problems are reported with file and line, nothing throws.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expandInputs, readEvents } from '../../host/io/inputs.js';
import type { ReadEvent, ReadProblem } from '../../host/io/event.js';
import { dataPath } from './data.js';

let dir = '';
before(() => { dir = mkdtempSync(join(tmpdir(), 'sigwasm-io-')); });
after(() => { rmSync(dir, { recursive: true, force: true }); });

async function readAll(file: string): Promise<{ events: ReadEvent[]; problems: ReadProblem[] }> {
  const events: ReadEvent[] = [];
  const problems: ReadProblem[] = [];
  for await (const e of readEvents(file, (p) => problems.push(p))) events.push(e);
  return { events, problems };
}

const GOOD = ['{"EventID":1,"Image":"a.exe"}', '{"EventID":3,"DestinationPort":"25"}', '{"EventID":11}'];

// Each row: file name, content, expected event lines, expected problem lines.
const lineCases: Array<{ name: string; file: string; content: string | Buffer; lines: number[]; problems: number[] }> = [
  { name: 'bad JSON line in the middle', file: 'bad.jsonl', content: [GOOD[0], '{"EventID": 2, oops', GOOD[1]].join('\n') + '\n', lines: [1, 3], problems: [2] },
  { name: 'non-object lines', file: 'scalars.jsonl', content: [GOOD[0], '42', '"text"', 'null', GOOD[1]].join('\n'), lines: [1, 5], problems: [2, 3, 4] },
  { name: 'blank lines and CRLF, no final newline', file: 'crlf.jsonl', content: ['', GOOD[0], '   ', GOOD[1], '', GOOD[2]].join('\r\n'), lines: [2, 4, 6], problems: [] },
  { name: 'UTF-8 BOM on line 1', file: 'bom.json', content: '\ufeff' + GOOD.join('\n'), lines: [1, 2, 3], problems: [] },
  { name: 'pretty-printed concatenated objects', file: 'pretty.json', content: '{\n  "EventID": 1,\n  "x": {\n    "y": "}"\n}\n}\n{\n  "EventID": 2\n}\n', lines: [1, 7], problems: [] },
  { name: 'pretty-printed array', file: 'array.json', content: '[\n  {"EventID": 1},\n  {"EventID": 2}\n]\n', lines: [1, 1], problems: [] },
  { name: 'a malformed pretty-printed document is skipped, the lines after it read', file: 'baddoc.json', content: [GOOD[0], '{', '  "a": 1,,', '}', GOOD[1], GOOD[2]].join('\n'), lines: [1, 5, 6], problems: [2] },
  { name: 'unterminated pretty-printed document', file: 'open.json', content: GOOD[0] + '\n{\n  "EventID": 1,\n', lines: [1], problems: [2] },
  { name: 'gzip of JSON lines with a bad line', file: 'good.jsonl.gz', content: gzipSync([GOOD[0], 'nope', GOOD[1]].join('\n')), lines: [1, 3], problems: [2] },
  // Like the Mordor .tar.gz files: a complete gzip member followed by a stray newline.
  { name: 'gzip followed by a stray byte', file: 'junk.jsonl.gz', content: Buffer.concat([gzipSync(GOOD.join('\n')), Buffer.from('\n')]), lines: [1, 2, 3], problems: [] },
];

for (const c of lineCases) {
  test(`readEvents: ${c.name}`, async () => {
    const file = join(dir, c.file);
    writeFileSync(file, c.content);
    const { events, problems } = await readAll(file);
    assert.deepStrictEqual(events.map((e) => e.pos.line), c.lines);
    assert.ok(events.every((e) => e.pos.file === file));
    assert.deepStrictEqual(problems.map((p) => p.line), c.problems);
    assert.ok(problems.every((p) => p.file === file && p.message.length > 0 && p.message.length < 200), JSON.stringify(problems));
  });
}

test('readEvents: bytes of each line, without the newline', async () => {
  const file = join(dir, 'bytes.jsonl');
  writeFileSync(file, '{"a":"é"}\n{"b":1}\n');
  const { events } = await readAll(file);
  assert.deepStrictEqual(events.map((e) => e.bytes), [10, 7]);
  assert.deepStrictEqual(events[0]!.event, { a: 'é' });
});

test('readEvents: a line spanning many stream chunks is read whole', async () => {
  const file = join(dir, 'long.jsonl');
  const big = 'x'.repeat(300_000); // the fs stream reads 64 KiB chunks
  writeFileSync(file, `${GOOD[0]}\n{"CommandLine":"${big}"}\n${GOOD[1]}\n`);
  const { events, problems } = await readAll(file);
  assert.deepStrictEqual(problems, []);
  assert.deepStrictEqual(events.map((e) => e.pos.line), [1, 2, 3]);
  assert.equal(events[1]!.event.CommandLine, big);
});

// Each row: a broken file; it must be reported once, yield nothing it cannot read, and not throw.
const brokenCases: Array<{ name: string; file: string; content: () => Buffer }> = [
  { name: 'corrupt .zip (not a zip)', file: 'corrupt.zip', content: () => Buffer.from('PK\x03\x04 this is not really a zip file') },
  { name: 'truncated .zip (real archive cut in half)', file: 'half.zip', content: () => { const z = readFileSync(dataPath('mordor/datasets/compound/Log4Shell/sysmon_log4shell_cve2021_44228_java_serialized_object.zip')); return z.subarray(0, z.length >> 1); } },
  { name: 'truncated .gz', file: 'cut.jsonl.gz', content: () => { const g = gzipSync(Array(2000).fill(GOOD[0]).join('\n')); return g.subarray(0, g.length - 20); } },
  { name: 'not gzip at all', file: 'plain.gz', content: () => Buffer.from(GOOD.join('\n')) },
  { name: 'truncated .tar.gz (real archive cut in half)', file: 'half.tar.gz', content: () => { const t = readFileSync(dataPath('mordor/datasets/atomic/windows/persistence/host/covenant_persistwmi.tar.gz')); return t.subarray(0, t.length >> 1); } },
];

for (const c of brokenCases) {
  test(`readEvents: ${c.name} is reported, no throw`, async () => {
    const file = join(dir, c.file);
    writeFileSync(file, c.content());
    const { problems } = await readAll(file);
    assert.ok(problems.length >= 1, 'expected a problem');
    assert.ok(problems.at(-1)!.file.startsWith(file), JSON.stringify(problems));
  });
}

test('readEvents: a missing file is reported, no throw', async () => {
  const file = join(dir, 'absent.jsonl');
  const { events, problems } = await readAll(file);
  assert.equal(events.length, 0);
  assert.deepStrictEqual(problems, [{ file, message: 'no such file or directory' }]);
});

test('readEvents: stopping early releases the archive (no hang)', async () => {
  let n = 0;
  for await (const _ of readEvents(dataPath('mordor/datasets/atomic/windows/persistence/host/proxylogon_ssrf_rce_poc.zip'), () => {})) if (++n === 5) break;
  for await (const _ of readEvents(dataPath('mordor/datasets/atomic/windows/privilege_escalation/host/empire_invoke_runas.tar.gz'), () => {})) if (++n === 10) break;
  assert.equal(n, 10);
});

test('expandInputs: missing path reported, files kept, directories walked sorted with suffix filter', async () => {
  const root = join(dir, 'tree');
  mkdirSync(join(root, 'b', 'c'), { recursive: true });
  for (const f of ['z.jsonl', 'a.json', 'notes.txt', 'b/x.ndjson', 'b/c/y.tgz', 'b/c/w.tar.gz', 'b/readme.md', 'm.LOG', 'k.zip', 'g.gz']) writeFileSync(join(root, f), '');
  const single = join(dir, 'single.txt'); // a file named explicitly is taken whatever its suffix
  writeFileSync(single, '');
  const missing = join(dir, 'nope');
  const problems: ReadProblem[] = [];
  const files = await expandInputs([single, missing, root], (p) => problems.push(p));
  assert.deepStrictEqual(files, [
    single,
    join(root, 'a.json'), join(root, 'b', 'c', 'w.tar.gz'), join(root, 'b', 'c', 'y.tgz'), join(root, 'b', 'x.ndjson'),
    join(root, 'g.gz'), join(root, 'k.zip'), join(root, 'm.LOG'), join(root, 'z.jsonl'),
  ]);
  assert.deepStrictEqual(problems, [{ file: missing, message: 'no such file or directory' }]);
});
