// An .evtx and its evtx_dump JSON export (SigmaHQ regression_data) give the same flat fields:
// host/io/evtx.ts's layout is what host/io/normalize.ts makes of the export. Differences allowed,
// and counted: the export trims trailing whitespace from values (Windows, evtxexport, evtx_dump.py
// and this reader keep it), and one export (ad691d92..., made by another tool: 100 ns TimeCreated)
// spells one value in other letter case (`Explorer.EXE`, evtxexport agrees with us). Values compare as text
// (the export has JSON numbers where the XML has text).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FlatEvent } from '../../host/io/event.js';
import { readEvtxEvents } from '../../host/io/evtx-node.js';
import { readEvents } from '../../host/io/inputs.js';
import { dataPath } from './data.js';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.evtx') ? [join(dir, e.name)] : []));
}

test('parity: every regression .evtx gives the fields normalizeEvent makes of its JSON export', async () => {
  const files = walk(dataPath('sigma/regression_data'));
  let events = 0, fields = 0, trimmed = 0, timePrecision = 0, letterCase = 0;
  const failures: string[] = [];
  for (const file of files) {
    const a: FlatEvent[] = [], b: FlatEvent[] = [];
    for await (const r of readEvtxEvents(file, (p) => failures.push(`${file}: ${p.message}`))) a.push(r.event);
    for await (const r of readEvents(file.replace(/\.evtx$/, '.json'), (p) => failures.push(`${file}: ${p.message}`))) b.push(r.event);
    if (a.length !== b.length) { failures.push(`${file}: ${a.length} records, export has ${b.length}`); continue; }
    for (let i = 0; i < a.length; i++) {
      events++;
      for (const k of new Set([...Object.keys(a[i]!), ...Object.keys(b[i]!)])) {
        if (k.includes('xmlns')) continue; // namespace declarations are dropped here
        const x = a[i]![k], y = b[i]![k];
        const sx = x === undefined ? undefined : String(x), sy = y === undefined ? undefined : String(y);
        fields++;
        if (sx === sy) continue;
        if (sx !== undefined && sy !== undefined && sx.trimEnd() === sy) { trimmed++; continue; }
        if (sx !== undefined && sx.toLowerCase() === sy?.toLowerCase()) { letterCase++; continue; }
        if ((k === 'TimeCreated' || k === 'TimeCreated.#attributes.SystemTime') && sy?.startsWith(sx!.slice(0, -1))) { timePrecision++; continue; }
        failures.push(`${file} event ${i + 1} ${k}: ${JSON.stringify(x)} vs export ${JSON.stringify(y)}`);
      }
    }
  }
  console.log(`parity: ${files.length} files, ${events} events, ${fields} fields; export trimmed ${trimmed} values, ${timePrecision} time precision, ${letterCase} letter case`);
  assert.equal(files.length, 202);
  assert.deepEqual(failures, []);
  assert.ok(trimmed < 120 && letterCase <= 1 && timePrecision <= 2, `${trimmed} trimmed, ${letterCase} letter case, ${timePrecision} time`);
});
