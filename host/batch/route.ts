// Route keys: (channel code, EventID) in one u32, written beside each event in a batch so the
// kernel skips events that no rule reads without touching their payload.
import type { FieldValue } from '../io/event.js';

/** Channels with a code of their own; every other channel is code 0. */
export const CHANNEL_CODES: Record<string, number> = {
  'microsoft-windows-sysmon/operational': 1,
  'security': 2,
  'system': 3,
  'application': 4,
  'microsoft-windows-powershell/operational': 5,
  'windows powershell': 6,
};
export const OTHER_CHANNEL = 0;
/** EventID missing or not a 16-bit number. */
export const NO_EVENT_ID = 0xffff;

export function channelCode(channel: FieldValue | undefined): number {
  return typeof channel === 'string' ? CHANNEL_CODES[channel.toLowerCase()] ?? OTHER_CHANNEL : OTHER_CHANNEL;
}

function eventIdNumber(eventId: FieldValue | undefined): number {
  const n = typeof eventId === 'number' ? eventId : typeof eventId === 'string' && /^[0-9]{1,5}$/.test(eventId) ? Number(eventId) : NaN;
  return Number.isInteger(n) && n >= 0 && n < NO_EVENT_ID ? n : NO_EVENT_ID;
}

export function routeKey(channel: FieldValue | undefined, eventId: FieldValue | undefined): number {
  return ((channelCode(channel) << 16) | eventIdNumber(eventId)) >>> 0;
}
