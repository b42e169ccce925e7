// The library entry point: compile rules once, then match events or packed batches.
import { packBatch } from '../batch/pack.js';
import { compileRules, type Compilation, type CompileOptions, type RuleSource } from '../compile/compile.js';
import type { CompiledRule } from '../compile/ir.js';
import type { Diagnostic } from '../sigma/model.js';
import type { FlatEvent } from '../io/event.js';
import { BaselineMatcher } from './baseline.js';
import type { Match, Matcher } from './matcher.js';
import { loadKernelModule, WasmMatcher } from './wasm.js';

export type EngineKind = 'wasm' | 'js';
export interface EngineOptions extends CompileOptions {
  /** Which engine runs the rules: the WASM kernel (default) or the JS baseline. */
  engine?: EngineKind;
  /** A compiled kernel module (for browsers or tests); loaded from the package when absent. */
  kernel?: WebAssembly.Module;
}

export class Engine {
  private constructor(readonly compilation: Compilation, readonly matcher: Matcher, readonly kind: EngineKind) {}

  /** Compile rules (YAML texts or {file, text}); rules that cannot compile are in `diagnostics`. */
  static async compile(rules: (string | RuleSource)[], options: EngineOptions = {}): Promise<Engine> {
    const sources = rules.map((r, i) => (typeof r === 'string' ? { file: `rule ${i + 1}`, text: r } : r));
    const compilation = compileRules(sources, options);
    const kind = options.engine ?? 'wasm';
    const matcher = kind === 'js'
      ? new BaselineMatcher(compilation.rules)
      : new WasmMatcher(options.kernel ?? await loadKernelModule(), compilation.program);
    return new Engine(compilation, matcher, kind);
  }

  get rules(): CompiledRule[] { return this.compilation.rules; }
  get diagnostics(): Diagnostic[] { return this.compilation.diagnostics; }

  /** Match flat events (field name → value); matches sorted by event, then rule. */
  match(events: FlatEvent[]): Match[] {
    return this.matcher.matchBatch(packBatch(events));
  }

  /** Match a batch made by packBatch(). */
  matchBatch(batch: Uint8Array): Match[] {
    return this.matcher.matchBatch(batch);
  }
}
