// Events → one packed batch (layout: BatchHeader in assembly/opcodes.ts). Events are grouped by
// route key (channel, EventID) with a directory of the groups, so an engine skips a route that no
// rule reads as one range. Map keys are dictionary field ids where the dictionary knows the name,
// strings otherwise. Values are str, int, bool or nil: numbers that are not safe integers (and
// arrays or objects) are written as their JS string form, the form both engines compare.
import { Packr } from 'msgpackr';
import { BatchHeader, Magic } from '../../assembly/opcodes.js';
import type { FieldValue, FlatEvent } from '../io/event.js';
import { FIELD_DICTIONARY_VERSION, storedKey } from './fields.js';
import { routeKey } from './route.js';
import { FIELD_ALIASES } from '../sigma/logsource.js';

export const BATCH_VERSION = 1;

/** The value a batch stores for a field: what both engines see. */
export function storedValue(v: unknown): FieldValue | bigint {
  // A BigInt given through the library API is stored like a number, or as its text when not safe.
  if (v === null || v === undefined) return null;
  // Integers beyond 32 bits go as BigInt, or msgpackr would write them as float64.
  if (typeof v === 'number') return Number.isSafeInteger(v) ? (v === (v | 0) || (v >= 0 && v <= 0xffffffff) ? v : BigInt(v)) : String(v);
  if (typeof v === 'bigint') return storedValue(Number.isSafeInteger(Number(v)) ? Number(v) : String(v));
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Names rules use for fields that every event may carry under another name. */
const GENERIC_ALIASES: [string, string][] = [['Provider_Name', 'Provider']];

/**
 * Names rules use for fields that events of some routes spell differently: the logsource table's
 * field mappings (Security 4688 NewProcessName is Image), and provider names written with spaces
 * (Defender's `Threat Name` is ThreatName). Only added where the event lacks the rule's name.
 */
function addAliases(event: FlatEvent, key: number, map: Map<number | string, FieldValue | bigint>): void {
  const has = (name: string) => Object.hasOwn(event, name);
  for (const [ruleField, eventField] of [...GENERIC_ALIASES, ...(FIELD_ALIASES.get(key) ?? [])]) {
    if (!has(ruleField) && has(eventField)) map.set(storedKey(ruleField), storedValue(event[eventField]));
  }
  for (const name in event) {
    if (!name.includes(' ')) continue;
    const joined = name.replace(/ /g, '');
    if (!has(joined)) map.set(storedKey(joined), storedValue(event[name]));
  }
}

const packr = new Packr({ useRecords: false, variableMapSize: true, encodeUndefinedAsNil: true });

export function packBatch(events: FlatEvent[]): Uint8Array {
  const keys = events.map((e) => routeKey(e.Channel, e.EventID));
  const order = events.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const maps: Uint8Array[] = [];
  let payloadBytes = 0;
  for (const i of order) {
    const event = events[i];
    const map = new Map<number | string, FieldValue | bigint>();
    for (const name in event) map.set(storedKey(name), storedValue(event[name]));
    addAliases(event, keys[i], map);
    const packed = packr.pack(map).slice(); // pack() reuses its buffer
    maps.push(packed);
    payloadBytes += packed.length;
  }
  const routeCount = order.filter((i, j) => j === 0 || keys[i] !== keys[order[j - 1]]).length;
  const directoryOffset = BatchHeader.BYTES;
  const entriesOffset = directoryOffset + 4 + routeCount * BatchHeader.DIRECTORY_ENTRY_BYTES;
  const payloadOffset = entriesOffset + events.length * BatchHeader.ENTRY_BYTES;
  const payloadEnd = payloadOffset + payloadBytes;
  const bytes = new Uint8Array(payloadEnd + BatchHeader.PADDING);
  const view = new DataView(bytes.buffer);
  view.setUint32(BatchHeader.MAGIC, Magic.BATCH, true);
  view.setUint16(BatchHeader.VERSION, BATCH_VERSION, true);
  view.setUint32(BatchHeader.EVENT_COUNT, events.length, true);
  view.setUint32(BatchHeader.DICTIONARY_VERSION, FIELD_DICTIONARY_VERSION, true);
  view.setUint32(BatchHeader.DIRECTORY_OFFSET, directoryOffset, true);
  view.setUint32(BatchHeader.ENTRIES_OFFSET, entriesOffset, true);
  view.setUint32(BatchHeader.PAYLOAD_OFFSET, payloadOffset, true);
  view.setUint32(BatchHeader.PAYLOAD_END, payloadEnd, true);
  view.setUint32(directoryOffset, routeCount, true);
  let at = payloadOffset;
  let dir = directoryOffset + 4 - BatchHeader.DIRECTORY_ENTRY_BYTES;
  order.forEach((i, j) => {
    if (j === 0 || keys[i] !== keys[order[j - 1]]) {
      dir += BatchHeader.DIRECTORY_ENTRY_BYTES;
      view.setUint32(dir, keys[i], true);
      view.setUint32(dir + 4, j, true);
      view.setUint32(dir + 12, at, true);
    }
    view.setUint32(dir + 8, view.getUint32(dir + 8, true) + 1, true);
    view.setUint32(entriesOffset + j * 8, i, true);
    view.setUint32(entriesOffset + j * 8 + 4, at, true);
    bytes.set(maps[j], at);
    at += maps[j].length;
    view.setUint32(dir + 16, at, true);
  });
  return bytes;
}

export class BatchError extends Error {}

export interface RouteGroup { key: number; first: number; count: number; payloadStart: number; payloadEnd: number }

/** A batch's header and route directory, checked. */
export function readBatchHeader(bytes: Uint8Array) {
  if (bytes.length < BatchHeader.BYTES) throw new BatchError('batch shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(BatchHeader.MAGIC, true) !== Magic.BATCH) throw new BatchError('not a sigwasm batch (bad magic)');
  if (view.getUint16(BatchHeader.VERSION, true) !== BATCH_VERSION) throw new BatchError('unsupported batch version');
  if (view.getUint32(BatchHeader.DICTIONARY_VERSION, true) !== FIELD_DICTIONARY_VERSION) throw new BatchError('batch written with another field dictionary');
  const count = view.getUint32(BatchHeader.EVENT_COUNT, true);
  const directoryOffset = view.getUint32(BatchHeader.DIRECTORY_OFFSET, true);
  const entriesOffset = view.getUint32(BatchHeader.ENTRIES_OFFSET, true);
  const payloadEnd = view.getUint32(BatchHeader.PAYLOAD_END, true);
  if (entriesOffset + count * BatchHeader.ENTRY_BYTES > bytes.length || payloadEnd + BatchHeader.PADDING > bytes.length) throw new BatchError('batch truncated');
  const routes: RouteGroup[] = [];
  const routeCount = view.getUint32(directoryOffset, true);
  for (let d = 0; d < routeCount; d++) {
    const at = directoryOffset + 4 + d * BatchHeader.DIRECTORY_ENTRY_BYTES;
    routes.push({ key: view.getUint32(at, true), first: view.getUint32(at + 4, true), count: view.getUint32(at + 8, true), payloadStart: view.getUint32(at + 12, true), payloadEnd: view.getUint32(at + 16, true) });
  }
  return { view, count, entriesOffset, payloadEnd, routes };
}
