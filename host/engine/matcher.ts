// The one interface both engines implement.
export interface Match {
  /** Index of the event in its batch. */
  event: number;
  /** Index of the rule in the engine's rule list. */
  rule: number;
}

export interface Matcher {
  /** Match every event of a packed batch (see host/batch/pack.ts); matches sorted by event, then rule. */
  matchBatch(batch: Uint8Array): Match[];
}

export function byEventThenRule(a: Match, b: Match): number {
  return a.event - b.event || a.rule - b.rule;
}
