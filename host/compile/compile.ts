// Rule sources → one program: parse, lower, optimize, emit. Bad rules become diagnostics.
import { parseRules } from '../sigma/parse.js';
import type { Diagnostic } from '../sigma/model.js';
import { buildProgram, type Program } from './bytecode.js';
import type { CompiledRule } from './ir.js';
import { lowerRule } from './lower.js';
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
  for (const source of sources) {
    const parsed = parseRules(source.text, source.file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.rules.length === 0 && parsed.diagnostics.length === 0) diagnostics.push({ severity: 'warning', file: source.file, message: 'no rule in this file' });
    for (const rule of parsed.rules) {
      const other = seenIds.get(rule.id);
      if (rule.id && other) diagnostics.push({ severity: 'warning', file: rule.file, ruleId: rule.id, line: rule.line, message: `duplicate rule id: also in ${other}` });
      else seenIds.set(rule.id, rule.file);
    }
    for (const rule of parsed.rules) {
      try {
        const lowered = lowerRule(rule, { logsource: options.logsource ?? true, placeholders: options.placeholders }, diagnostics);
        if (lowered) rules.push({ ...lowered, expr: optimize(lowered.expr) });
      } catch (e) {
        diagnostics.push({ severity: 'crash', file: rule.file, ruleId: rule.id, message: `internal error: ${(e as Error).message}` });
      }
    }
  }
  return { program: buildProgram(rules), rules, diagnostics };
}
