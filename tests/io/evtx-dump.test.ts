// `sigwasm dump`: one JSON line per record, flat fields plus _file, _chunk, _record; problems to stderr.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { dump } from '../../host/cli/dump.js';
import { dataPath } from './data.js';

test('dump: an .evtx file as JSON lines with _file, _chunk, _record', async () => {
  const file = dataPath('evtx-samples/new-user-security.evtx');
  let out = '', err = '';
  const s = await dump([file], (t) => { out += t; }, (t) => { err += t; });
  assert.deepEqual(s, { files: 1, records: 4, problems: 0 });
  assert.equal(err, '');
  const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.deepEqual(lines.map((l) => [l._file, l._chunk, l._record]), [[file, 0, 111], [file, 0, 112], [file, 0, 113], [file, 0, 116]]);
  assert.equal(lines[0].EventID, 4728);
  assert.equal(lines[0].Channel, 'Security');
  assert.equal(lines[0].MemberSid, 'S-1-5-21-3463664321-2923530833-3546627382-1000');
});

test('dump command: damaged file reports problems on stderr with chunk, exits 1, keeps records', () => {
  const bin = fileURLToPath(new URL('../../../bin/sigwasm.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'dump', dataPath('evtx-samples/sample_with_a_bad_chunk_magic.evtx')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trimEnd().split('\n').length, 270);
  assert.match(r.stderr, /chunk 6, offset 397312: bad chunk magic, chunk skipped/);
  const missing = spawnSync(process.execPath, [bin, 'dump', '/nonexistent.evtx'], { encoding: 'utf8' });
  assert.equal(missing.status, 2);
});
