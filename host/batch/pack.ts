// Events → one packed batch (layout: BatchHeader in assembly/opcodes.ts):
//   header (32 bytes) | index: per event u32 map offset, u32 route key | payload: msgpack maps | 16 zero bytes
// Map keys are dictionary field ids where the dictionary knows the name, strings otherwise.
// Values are str, int, bool or nil: numbers that are not safe integers (and arrays or objects)
// are written as their JS string form, the form both engines compare.
import { Packr } from 'msgpackr';
import { BatchHeader, Magic } from '../../assembly/opcodes.js';
import type { FieldValue, FlatEvent } from '../io/event.js';
import { FIELD_DICTIONARY_VERSION, FIELD_IDS } from './fields.js';
import { routeKey } from './route.js';

export const BATCH_VERSION = 1;

/** The value a batch stores for a field: what both engines see. */
export function storedValue(v: unknown): FieldValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const packr = new Packr({ useRecords: false, variableMapSize: true, encodeUndefinedAsNil: true });

export function packBatch(events: FlatEvent[]): Uint8Array {
  const maps: Uint8Array[] = [];
  let payloadBytes = 0;
  for (const event of events) {
    const map = new Map<number | string, FieldValue>();
    for (const name in event) map.set(FIELD_IDS.get(name) ?? name, storedValue(event[name]));
    const packed = packr.pack(map);
    maps.push(packed.slice()); // pack() reuses its buffer
    payloadBytes += packed.length;
  }
  const indexOffset = BatchHeader.BYTES;
  const payloadOffset = indexOffset + events.length * BatchHeader.INDEX_ENTRY_BYTES;
  const payloadEnd = payloadOffset + payloadBytes;
  const bytes = new Uint8Array(payloadEnd + BatchHeader.PADDING);
  const view = new DataView(bytes.buffer);
  view.setUint32(BatchHeader.MAGIC, Magic.BATCH, true);
  view.setUint16(BatchHeader.VERSION, BATCH_VERSION, true);
  view.setUint32(BatchHeader.EVENT_COUNT, events.length, true);
  view.setUint32(BatchHeader.DICTIONARY_VERSION, FIELD_DICTIONARY_VERSION, true);
  view.setUint32(BatchHeader.INDEX_OFFSET, indexOffset, true);
  view.setUint32(BatchHeader.PAYLOAD_OFFSET, payloadOffset, true);
  view.setUint32(BatchHeader.PAYLOAD_END, payloadEnd, true);
  let at = payloadOffset;
  events.forEach((event, i) => {
    view.setUint32(indexOffset + i * 8, at, true);
    view.setUint32(indexOffset + i * 8 + 4, routeKey(event.Channel, event.EventID), true);
    bytes.set(maps[i], at);
    at += maps[i].length;
  });
  return bytes;
}

export class BatchError extends Error {}

/** Header fields of a batch, checked. */
export function readBatchHeader(bytes: Uint8Array) {
  if (bytes.length < BatchHeader.BYTES) throw new BatchError('batch shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(BatchHeader.MAGIC, true) !== Magic.BATCH) throw new BatchError('not a sigwasm batch (bad magic)');
  if (view.getUint16(BatchHeader.VERSION, true) !== BATCH_VERSION) throw new BatchError('unsupported batch version');
  if (view.getUint32(BatchHeader.DICTIONARY_VERSION, true) !== FIELD_DICTIONARY_VERSION) throw new BatchError('batch written with another field dictionary');
  const count = view.getUint32(BatchHeader.EVENT_COUNT, true);
  const indexOffset = view.getUint32(BatchHeader.INDEX_OFFSET, true);
  const payloadEnd = view.getUint32(BatchHeader.PAYLOAD_END, true);
  if (indexOffset + count * 8 > bytes.length || payloadEnd + BatchHeader.PADDING > bytes.length) throw new BatchError('batch truncated');
  return { view, count, indexOffset, payloadEnd };
}
