// Rule sources → one program: parse, lower, optimize, emit. Bad rules become diagnostics.
import { parseRules } from '../sigma/parse.js';
import type { Diagnostic, SigmaFilter } from '../sigma/model.js';
import { buildProgram, type Program } from './bytecode.js';
import type { CompiledRule } from './ir.js';
import { lowerFilter, lowerRule, type LowerOptions } from './lower.js';
import { optimize } from './optimize.js';

export interface RuleSource { file: string; text: string }
export interface CompileOptions {
  /** Route each rule to the events of its logsource (default true). */
  logsource?: boolean;
  /** Values of `%name%` placeholders for the expand modifier. */
  placeholders?: Record<string, string[]>;
}
export interface Compilation { program: Program; rules: CompiledRule[]; diagnostics: Diagnostic[] }

export function compileRules(sources: RuleSource[], options: CompileOptions = {}): Compilation {
  const diagnostics: Diagnostic[] = [];
  const rules: CompiledRule[] = [];
  const seenIds = new Map<string, string>();
  const filters: SigmaFilter[] = [];
  const lowerOptions = { logsource: options.logsource ?? true, placeholders: options.placeholders };
  for (const source of sources) {
    const parsed = parseRules(source.text, source.file);
    diagnostics.push(...parsed.diagnostics);
    filters.push(...parsed.filters);
    if (parsed.rules.length + parsed.filters.length === 0 && parsed.diagnostics.length === 0) diagnostics.push({ severity: 'warning', file: source.file, message: 'no rule in this file' });
    for (const rule of parsed.rules) {
      const other = seenIds.get(rule.id);
      if (rule.id && other) diagnostics.push({ severity: 'warning', file: rule.file, ruleId: rule.id, line: rule.line, message: `duplicate rule id: also in ${other}` });
      else seenIds.set(rule.id, rule.file);
    }
    for (const rule of parsed.rules) {
      try {
        const lowered = lowerRule(rule, lowerOptions, diagnostics);
        if (lowered) rules.push({ ...lowered, name: rule.name, logsource: rule.logsource });
      } catch (e) {
        diagnostics.push({ severity: 'crash', file: rule.file, ruleId: rule.id, message: `internal error: ${(e as Error).message}` });
      }
    }
  }
  for (const filter of filters) applyFilter(filter, rules, lowerOptions, diagnostics);
  for (const rule of rules) rule.expr = optimize(rule.expr);
  return { program: buildProgram(rules), rules, diagnostics };
}

/** A filter's condition excludes events from each rule it names (by id or name) whose logsource it shares. */
function applyFilter(filter: SigmaFilter, rules: CompiledRule[], options: LowerOptions, diagnostics: Diagnostic[]): void {
  const excluded = lowerFilter(filter, options, diagnostics);
  if (!excluded) return;
  const warn = (message: string) => diagnostics.push({ severity: 'warning', file: filter.file, ruleId: filter.id, path: 'filter.rules', line: filter.line, message });
  for (const name of filter.rules) {
    const targets = rules.filter((r) => r.id === name || r.name === name);
    if (targets.length === 0) warn(`filter names rule "${name}", which is not loaded`);
    for (const rule of targets) {
      const differs = (['product', 'category', 'service'] as const).filter((k) => filter.logsource[k] && filter.logsource[k] !== rule.logsource?.[k]);
      if (differs.length) { warn(`filter does not apply to rule "${name}": its logsource ${differs.join(', ')} differs`); continue; }
      rule.expr = { kind: 'and', items: [rule.expr, { kind: 'not', item: excluded }] };
      (rule.filters ??= []).push(filter.id || filter.title);
    }
  }
}
