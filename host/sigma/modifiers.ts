// Sigma value modifiers as one table: what each does to a value, or why it cannot be used yet.
import type { StringParts } from './model.js';
import { wildcardAny } from './values.js';

export type Modifier =
  /** Rewrites the string parts (contains/startswith/endswith are wildcard wrappers). */
  | { kind: 'wrap'; wrap: (parts: StringParts) => StringParts }
  /** Changes how the list of values combines. */
  | { kind: 'all' }
  | { kind: 'unsupported' };

const any = wildcardAny;
export const MODIFIERS: Record<string, Modifier> = {
  contains: { kind: 'wrap', wrap: (p) => [any, ...p, any] },
  startswith: { kind: 'wrap', wrap: (p) => [...p, any] },
  endswith: { kind: 'wrap', wrap: (p) => [any, ...p] },
  all: { kind: 'all' },
};

/** Every modifier the Sigma specification defines (so a typo is told apart from a missing feature). */
export const SPEC_MODIFIERS = new Set([
  'contains', 'startswith', 'endswith', 'all', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16',
  'wide', 'windash', 're', 'i', 'm', 's', 'cidr', 'exists', 'cased', 'neq', 'gt', 'gte', 'lt', 'lte',
  'expand', 'fieldref', 'minute', 'hour', 'day', 'week', 'month', 'year',
]);

/** Why a modifier cannot be used, or undefined when it can. */
export function modifierProblem(name: string): string | undefined {
  if (MODIFIERS[name]) return undefined;
  if (SPEC_MODIFIERS.has(name)) return `modifier "${name}" is not supported yet`;
  return `unknown modifier "${name}"`;
}
