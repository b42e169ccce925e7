// The batch layout, read back independently: header, route directory, entries, and every map
// decoded with msgpackr (a standard msgpack reader) to the values the engines compare.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Unpackr } from 'msgpackr';
import { BatchHeader, Magic } from '../../assembly/opcodes.js';
import { FIELD_IDS } from '../../host/batch/fields.js';
import { packBatch, readBatchHeader, storedValue } from '../../host/batch/pack.js';
import { CHANNELS, routeKey } from '../../host/batch/route.js';
import type { FlatEvent } from '../../host/io/event.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const events: FlatEvent[] = [
  { EventID: 3, Channel: SYSMON, Image: 'a.exe', DestinationPort: '25' },
  { EventID: 1, Channel: SYSMON, CommandLine: 'whoami', Custom: 'x' },
  { EventID: 3, Channel: SYSMON, Image: 'b.exe', Big: 2 ** 60, Ratio: 1.5, Flag: true, Nothing: null },
  { EventID: '4688', Channel: 'Security', NewProcessName: 'c.exe' },
  { Other: 'no route', 'Threat Name': 'EICAR' },
];

describe('packed batches', () => {
  const bytes = packBatch(events);
  const { view, count, entriesOffset, routes, payloadEnd } = readBatchHeader(bytes);

  it('header', () => {
    assert.equal(view.getUint32(BatchHeader.MAGIC, true), Magic.BATCH);
    assert.equal(count, 5);
    assert.equal(bytes.length, payloadEnd + 16);
    assert.deepEqual([...bytes.subarray(payloadEnd)], new Array(16).fill(0));
  });

  it('groups events by route key, sorted, in a directory', () => {
    assert.deepEqual(routes.map((g) => [g.key, g.first, g.count]), [
      [routeKey(undefined, undefined), 0, 1],
      [routeKey('Security', 4688), 1, 1],
      [routeKey(SYSMON, 1), 2, 1],
      [routeKey(SYSMON, 3), 3, 2],
    ]);
    const code = (channel: string) => CHANNELS.indexOf(channel) + 1;
    assert.equal(routeKey(SYSMON, 3), (code(SYSMON) << 16) | 3);
    assert.equal(routeKey('SECURITY', '4688'), (code('Security') << 16) | 4688);
    assert.equal(routeKey('Some/Other', 'x'), 0xffff);
    assert.equal(routeKey(SYSMON, 70000), (code(SYSMON) << 16) | 0xffff);
    assert.equal(routeKey(SYSMON, '0003'), (code(SYSMON) << 16) | 0xffff);
  });

  it('every entry points at a standard msgpack map of the event with dictionary ids as keys', () => {
    const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: false });
    const seen: number[] = [];
    for (const g of routes) {
      for (let j = g.first; j < g.first + g.count; j++) {
        const i = view.getUint32(entriesOffset + j * 8, true);
        const start = view.getUint32(entriesOffset + j * 8 + 4, true);
        const end = j + 1 < g.first + g.count ? view.getUint32(entriesOffset + j * 8 + 12, true) : g.payloadEnd;
        const map = unpackr.unpack(bytes.subarray(start, end)) as Map<number | string, unknown>;
        const want = new Map(Object.entries(events[i]).map(([k, v]) => [FIELD_IDS.get(k) ?? k, storedValue(v)]));
        // Security 4688 events also carry the Sysmon names the logsource table maps them to.
        if (events[i].NewProcessName) want.set(FIELD_IDS.get('Image')!, events[i].NewProcessName);
        if (events[i]['Threat Name']) want.set('ThreatName', events[i]['Threat Name']);
        assert.deepEqual(map, want);
        seen.push(i);
      }
    }
    assert.deepEqual(seen.sort(), [0, 1, 2, 3, 4]);
  });

  it('stores values as both engines compare them', () => {
    assert.equal(storedValue(2 ** 60), '1152921504606847000'); // what String() prints, and what a rule sees
    assert.equal(storedValue(1.5), '1.5');
    assert.equal(storedValue(-7), -7);
    assert.equal(storedValue(undefined), null);
    assert.equal(storedValue(true), true);
    assert.equal(storedValue(5n), 5);
    assert.equal(storedValue(9223372036854775807n), '9223372036854775807');
    assert.equal(storedValue(4294967296), 4294967296n); // msgpackr writes BigInt as int64
  });

  it('refuses what is not a batch', () => {
    assert.throws(() => readBatchHeader(new Uint8Array(10)), /shorter than its header/);
    assert.throws(() => readBatchHeader(new Uint8Array(64)), /bad magic/);
    assert.throws(() => readBatchHeader(bytes.subarray(0, 100)), /truncated/);
  });
});
