// Logsource → event routing, as data: which (channel, EventIDs) a rule's events come from.
import type { Logsource } from './model.js';

export interface Route { channel: string; eventIds: number[] }

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

/** Keyed by `product/category` or `product/service`. */
export const LOGSOURCE_ROUTES: Record<string, Route[]> = {
  'windows/process_creation': [{ channel: SYSMON, eventIds: [1] }],
  'windows/network_connection': [{ channel: SYSMON, eventIds: [3] }],
};

/** The routes of a logsource, or undefined when the table does not know it (the rule then sees every event). */
export function routesFor(logsource: Logsource): Route[] | undefined {
  const product = logsource.product ?? '';
  const key = logsource.category ? `${product}/${logsource.category}` : `${product}/${logsource.service ?? ''}`;
  return LOGSOURCE_ROUTES[key.toLowerCase()];
}
