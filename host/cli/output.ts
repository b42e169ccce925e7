// How matches are printed: JSON lines for machines, an aligned table for people.
import type { CompiledRule } from '../compile/ir.js';
import type { FlatEvent, SourcePos } from '../io/event.js';
import { ruleFields } from '../compile/fields.js';

export interface MatchRecord {
  rule_id: string;
  title: string;
  level: string;
  file: string;
  line: number;
  /** EventRecordID, for events read from EVTX. */
  record?: number;
  time?: string;
  computer?: string;
  /** EventID and the values of the fields the rule reads, as the event had them. */
  fields: Record<string, unknown>;
}

export function matchRecord(rule: CompiledRule, event: FlatEvent, pos: SourcePos): MatchRecord {
  const fields: Record<string, unknown> = {};
  for (const f of ['EventID', ...ruleFields(rule.expr)]) if (event[f] !== undefined) fields[f] = event[f];
  const time = event.UtcTime ?? event.TimeCreated ?? event['@timestamp'];
  return {
    rule_id: rule.id, title: rule.title, level: rule.level, file: pos.file, line: pos.line,
    ...(pos.record !== undefined ? { record: pos.record } : {}),
    ...(time != null ? { time: String(time) } : {}),
    ...(event.Computer != null ? { computer: String(event.Computer) } : {}),
    fields,
  };
}

export type Format = 'jsonl' | 'table';

/** Table columns: key, heading, width; the last column (file:line) is never cut. */
const COLUMNS: [(m: MatchRecord) => string, string, number][] = [
  [(m) => m.level, 'LEVEL', 13], [(m) => m.title, 'RULE', 44], [(m) => m.time ?? '', 'TIME', 23],
  [(m) => m.computer ?? '', 'COMPUTER', 20], [(m) => `${m.file}:${m.line}`, 'WHERE', 0],
];

function cell(text: string, width: number): string {
  if (width === 0) return text;
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

export function tableHeader(): string {
  return COLUMNS.map(([, name, w]) => cell(name, w)).join('  ');
}

export function formatMatch(m: MatchRecord, format: Format): string {
  if (format === 'jsonl') return JSON.stringify(m);
  return COLUMNS.map(([get, , w]) => cell(get(m), w)).join('  ');
}
