// Turn the JSON shapes that log shippers write into one flat, Sysmon-style field map.
// Browser-safe: no node imports. The mapping is data (HOIST, ALIASES); the code only walks.
import type { FieldValue, FlatEvent } from './event.js';

/**
 * Containers whose contents move to the top level (a leaf `event_data.Image` becomes `Image`;
 * deeper leaves keep the rest of their path, `Provider.#attributes.Name`). The path is the
 * container's dotted path in the record. Earlier entries win when two containers hold the
 * same name; plain top-level fields win over all of them.
 */
const HOIST: readonly string[] = [
  'event_data', //               Winlogbeat 6.x
  'winlog.event_data', //        Winlogbeat 7+ / Elastic
  'EventData', //                object, or Sentinel's JSON-encoded string
  'Event.EventData', //          evtx_dump
  'Event.System', //             evtx_dump: EventID, Channel, Computer, EventRecordID, ...
  'Event.UserData.*', //         evtx_dump: UserData's one element (e.g. Operation_ClientFailure) holds the fields
  'UserData.*',
];
const HOIST_RANK = new Map(HOIST.map((path, i) => [path, i]));
/** The HOIST rank of a container path, also through a `parent.*` entry. */
const hoistRank = (path: string) => HOIST_RANK.get(path) ?? HOIST_RANK.get(path.slice(0, path.lastIndexOf('.') + 1) + '*');

/**
 * Other names of the canonical System fields, tried in order after hoisting. An alias only
 * adds the canonical name when it is missing; it never overwrites and the source key stays,
 * so a rule that names the shipper's own field (`Hostname`, `event_id`) still matches.
 */
const ALIASES: ReadonlyArray<readonly [canonical: string, sources: readonly string[]]> = [
  ['EventID', ['event_id', 'winlog.event_id', 'EventID.#text']],
  ['Channel', ['log_name', 'winlog.channel']],
  ['Provider', ['source_name', 'winlog.provider_name', 'Provider.#attributes.Name', 'Provider_attributes.Name']],
  ['Computer', ['computer_name', 'winlog.computer_name', 'Hostname']],
  ['EventRecordID', ['record_number', 'winlog.record_id']],
  ['TimeCreated', ['TimeCreated.#attributes.SystemTime', 'TimeCreated_attributes.SystemTime']],
];

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Turn one parsed JSON log record into a flat Sysmon-style field map. Returns null if it is not an object. */
export function normalizeEvent(record: unknown): FlatEvent | null {
  if (!isObject(record)) return null;
  const out: FlatEvent = {};
  // One layer per HOIST entry, allocated only when a record has that container (flat records never do).
  const layers: (FlatEvent | undefined)[] = [];
  walk(record, '', '', out, layers);
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const key in layer) if (!Object.hasOwn(out, key)) out[key] = layer[key]!;
  }
  for (const [canonical, sources] of ALIASES) {
    if (out[canonical] !== undefined) continue;
    for (const source of sources) {
      const v = out[source];
      if (v !== undefined) { out[canonical] = v; break; }
    }
  }
  return out;
}

/**
 * Copy the leaves of `obj` into `into`: `path` is the dotted path in the record (to recognise
 * HOIST containers), `key` the dotted name in the output (reset to '' inside a hoisted container).
 */
function walk(obj: JsonObject, path: string, key: string, into: FlatEvent, layers: (FlatEvent | undefined)[]): void {
  for (const name in obj) {
    if (name === '__proto__') continue; // JSON.parse makes it an own key; assigning it would set the prototype
    const v = obj[name];
    const p = path === '' ? name : path + '.' + name;
    const k = key === '' ? name : key + '.' + name;
    switch (typeof v) {
      case 'string': {
        const rank = HOIST_RANK.get(p);
        // Sentinel WindowsEvent rows carry EventData as JSON text: parse it a second time.
        const parsed = rank !== undefined && v.charCodeAt(0) === 0x7b /* { */ ? tryParse(v) : undefined;
        if (isObject(parsed)) walk(parsed, p, '', (layers[rank!] ??= {}), layers);
        else if (!Object.hasOwn(into, k)) into[k] = v;
        break;
      }
      case 'number':
      case 'boolean':
        if (!Object.hasOwn(into, k)) into[k] = v;
        break;
      case 'object':
        if (v === null) { if (!Object.hasOwn(into, k)) into[k] = null; break; }
        if (Array.isArray(v)) { if (!Object.hasOwn(into, k)) into[k] = JSON.stringify(v); break; }
        {
          const rank = hoistRank(p);
          if (rank === undefined) walk(v as JsonObject, p, k, into, layers);
          else walk(v as JsonObject, p, '', (layers[rank] ??= {}), layers);
        }
        break;
      default: // undefined, function, bigint, symbol: not JSON, nothing to keep
    }
  }
}

function tryParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
