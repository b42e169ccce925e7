// A rule's logsource → the route keys of its events, the extra conditions they must meet, and
// the field mappings events of each route get. The data is in logsource-table.ts.
import { channelRoute, routeKey } from '../batch/route.js';
import type { Logsource } from './model.js';
import { CATEGORIES, SERVICES } from './logsource-table.js';

export interface Routing {
  /** Route keys (channel code << 16 | EventID, or ANY_EVENT_ID for a whole channel). */
  keys: number[];
  /** For categories whose sources add conditions: per source, its EventIDs and field values. */
  conditions?: { eventIds: number[]; fields: Record<string, string> }[];
}

const channelsOf = (service: string) => SERVICES[service] ?? [];

/** How a logsource routes, or undefined when the table does not know it (the rule then sees every event). */
export function routingFor(logsource: Logsource): Routing | undefined {
  if (logsource.product && logsource.product.toLowerCase() !== 'windows') return undefined;
  const category = logsource.category?.toLowerCase();
  const service = logsource.service?.toLowerCase();
  if (category) {
    const sources = CATEGORIES[category];
    if (!sources) return undefined;
    const keys = sources.flatMap((s) => channelsOf(s.service).flatMap((ch) => s.eventIds.map((id) => routeKey(ch, id))));
    const conditions = sources.some((s) => s.conditions)
      ? sources.map((s) => ({ eventIds: s.eventIds, fields: s.conditions ?? {} }))
      : undefined;
    return { keys, conditions };
  }
  if (service && SERVICES[service]) return { keys: channelsOf(service).map(channelRoute) };
  return undefined;
}

/** Per route key: rule field → event field, for events whose fields have other names (Security 4688). */
export const FIELD_ALIASES: ReadonlyMap<number, [string, string][]> = (() => {
  const map = new Map<number, [string, string][]>();
  for (const sources of Object.values(CATEGORIES)) {
    for (const s of sources) {
      if (!s.fieldMappings) continue;
      for (const ch of channelsOf(s.service)) for (const id of s.eventIds) map.set(routeKey(ch, id), Object.entries(s.fieldMappings));
    }
  }
  return map;
})();
