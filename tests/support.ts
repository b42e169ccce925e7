// Shared by the tests: where the data is, and both engines built from the same rules.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, type EngineKind } from '../host/engine/engine.js';
import type { RuleSource } from '../host/compile/compile.js';
import type { CompileOptions } from '../host/compile/compile.js';

/** The repo root: the first folder above this file with a package.json (works from dist/ too). */
export const repoRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
})();
/** The read-only shared data beside the repo. */
export const sharedData = resolve(repoRoot, '..', 'shared', 'data');
export const sharedRules = resolve(repoRoot, '..', 'shared', 'rules');

export const ENGINES: EngineKind[] = ['js', 'wasm'];

/** The same rules compiled for both engines. */
export async function bothEngines(rules: (string | RuleSource)[], options: CompileOptions = {}): Promise<Record<EngineKind, Engine>> {
  const [js, wasm] = await Promise.all(ENGINES.map((engine) => Engine.compile(rules, { ...options, engine })));
  return { js, wasm };
}
