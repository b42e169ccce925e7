// Route keys: (channel code, EventID) in one u32, kept per event in a batch so an engine skips
// the events no rule reads without touching their payload.
import { Route } from '../../assembly/opcodes.js';
import type { FieldValue } from '../io/event.js';
import { SERVICES } from '../sigma/logsource-table.js';

/** Channels with a code of their own (1, 2, ... in this order); every other channel is code 0. */
export const CHANNELS: readonly string[] = [...new Set(Object.values(SERVICES).flat())];
const CHANNEL_CODES = new Map(CHANNELS.map((name, i) => [name.toLowerCase(), i + 1]));
export const OTHER_CHANNEL = 0;
export const NO_EVENT_ID = Route.NO_EVENT_ID;
export const ANY_EVENT_ID = Route.ANY_EVENT_ID;

export function channelCode(channel: FieldValue | undefined): number {
  return typeof channel === 'string' ? CHANNEL_CODES.get(channel.toLowerCase()) ?? OTHER_CHANNEL : OTHER_CHANNEL;
}

export function channelName(code: number): string {
  return code === OTHER_CHANNEL ? 'other channel' : CHANNELS[code - 1];
}

function eventIdNumber(eventId: FieldValue | undefined): number {
  // Text only in the form the number prints as: "0003" is not EventID 3, as for rule values.
  const n = typeof eventId === 'number' ? eventId : typeof eventId === 'string' && /^(0|[1-9][0-9]{0,4})$/.test(eventId) ? Number(eventId) : NaN;
  return Number.isInteger(n) && n >= 0 && n < ANY_EVENT_ID ? n : NO_EVENT_ID;
}

export function routeKey(channel: FieldValue | undefined, eventId: FieldValue | undefined): number {
  return ((channelCode(channel) << 16) | eventIdNumber(eventId)) >>> 0;
}

/** The route key that stands for every EventID of a channel. */
export function channelRoute(channel: string): number {
  return ((channelCode(channel) << 16) | ANY_EVENT_ID) >>> 0;
}

/** The route key that stands for every EventID of an event's channel. */
export function channelWide(key: number): number {
  return ((key & 0xffff0000) | ANY_EVENT_ID) >>> 0;
}

/** Rule indices per route key: each rule under its routes, rules without routes under Route.ANY. */
export function rulesByRoute(rules: readonly { routes?: number[] }[]): Map<number, number[]> {
  const byKey = new Map<number, number[]>();
  rules.forEach((rule, r) => {
    for (const key of new Set(rule.routes ?? [Route.ANY])) {
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key)!.push(r);
    }
  });
  return byKey;
}
