// How the CLI shows rule diagnostics: every error and crash on its own line; warnings one line
// per kind with a count, unless --verbose asks for each.
import { formatDiagnostic, type Diagnostic } from '../sigma/model.js';

export interface DiagnosticCounts { errors: number; crashes: number; warnings: number }

const ruleKey = (d: Diagnostic) => `${d.file}#${d.ruleId ?? d.line}`;

export function reportDiagnostics(diagnostics: Diagnostic[], write: (line: string) => void, verbose: boolean): DiagnosticCounts {
  const byKind = new Map<string, number>();
  for (const d of diagnostics) {
    if (d.severity !== 'warning' || verbose) write(formatDiagnostic(d));
    else {
      const kind = d.message.split(':')[0];
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
  }
  for (const [kind, n] of byKind) write(`warning: ${kind} (${n} rule${n === 1 ? '' : 's'}; --verbose lists them)`);
  const rules = (severity: Diagnostic['severity']) => new Set(diagnostics.filter((d) => d.severity === severity).map(ruleKey)).size;
  return { errors: rules('error'), crashes: rules('crash'), warnings: rules('warning') };
}
