// sigwasm's public API (browser-safe: no Node imports here).
export { Engine, type EngineKind, type EngineOptions } from './engine/engine.js';
export type { Match, Matcher } from './engine/matcher.js';
export { BaselineMatcher } from './engine/baseline.js';
export { WasmMatcher } from './engine/wasm.js';
export { packBatch } from './batch/pack.js';
export { compileRules, type RuleSource } from './compile/compile.js';
export { disassemble } from './compile/disasm.js';
export { formatDiagnostic, type Diagnostic } from './sigma/model.js';
export type { FlatEvent, FieldValue } from './io/event.js';
export { normalizeEvent } from './io/normalize.js';
export { routingFor } from './sigma/logsource.js';
