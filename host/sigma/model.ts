// The typed Sigma rule model: what the front end produces and the compiler reads.

/** A wildcard in a Sigma string value: `*` any run of characters, `?` exactly one. */
export type Wildcard = { wildcard: '*' | '?' };
/** A Sigma string as literal parts and wildcards (pySigma's SigmaString). */
export type StringParts = (string | Wildcard)[];

export type SigmaValue =
  | { kind: 'str'; parts: StringParts; text: string }
  | { kind: 'num'; value: number; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

/** The field name of keyword searches: the values are looked for in every field. */
export const ANY_FIELD = '';

/** `Field|mod1|mod2: values` — one entry of a detection map. */
export interface FieldMatch {
  /** ANY_FIELD for keyword searches. */
  field: string;
  modifiers: string[];
  values: SigmaValue[];
  /** `|all`: every value must hold (AND) instead of any (OR). */
  all: boolean;
  /** Source line of the entry, for diagnostics found after parsing. */
  line?: number;
}

/** A named search: an OR of maps, each map an AND of field matches. */
export interface Search {
  name: string;
  alternatives: FieldMatch[][];
}

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

export interface Rule {
  id: string;
  /** The optional `name` attribute, which filters may refer to. */
  name?: string;
  title: string;
  level: string;
  status?: string;
  file: string;
  logsource: Logsource;
  searches: Map<string, Search>;
  conditions: string[];
  /** Source lines, for diagnostics found after parsing. */
  line?: number;
  conditionLine?: number;
}

/** `crash` is a bug in sigwasm met while compiling the rule; the other rules still compile. */
/** A Sigma filter (meta-rule): its condition excludes events from the named rules. */
export interface SigmaFilter {
  id: string;
  title: string;
  file: string;
  logsource: Logsource;
  /** Ids (or names) of the rules it applies to. */
  rules: string[];
  searches: Map<string, Search>;
  conditions: string[];
  line?: number;
  conditionLine?: number;
}

export type Severity = 'error' | 'warning' | 'crash';

/** A problem with one rule: errors keep the rule from compiling; warnings do not. */
export interface Diagnostic {
  severity: Severity;
  file: string;
  ruleId?: string;
  /** YAML path of the offending node, e.g. `detection.selection.Image|foo`. */
  path?: string;
  line?: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line ? `${d.file}:${d.line}` : d.file;
  const rule = d.ruleId ? ` [${d.ruleId}]` : '';
  const path = d.path ? ` at ${d.path}` : '';
  return `${where}${rule}: ${d.severity}${path}: ${d.message}`;
}
