// Rule files from paths: files as given, directories searched recursively for .yml/.yaml.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RuleSource } from '../compile/compile.js';
import type { Diagnostic } from '../sigma/model.js';

async function ruleFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...await ruleFiles(full));
    else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out;
}

export async function loadRuleSources(paths: string[], diagnostics: Diagnostic[]): Promise<RuleSource[]> {
  const sources: RuleSource[] = [];
  for (const path of paths) {
    let files: string[];
    try { files = await ruleFiles(path); }
    catch (e) { diagnostics.push({ severity: 'error', file: path, message: `cannot read rules: ${(e as Error).message}` }); continue; }
    for (const file of files) {
      try { sources.push({ file, text: await readFile(file, 'utf8') }); }
      catch (e) { diagnostics.push({ severity: 'error', file, message: `cannot read rule file: ${(e as Error).message}` }); }
    }
  }
  return sources;
}

/** A placeholders file for the expand modifier: YAML, each name → a value or a list of values. */
export async function loadPlaceholders(file: string | undefined): Promise<Record<string, string[]> | undefined> {
  if (!file) return undefined;
  const data: unknown = parse(await readFile(file, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: a placeholders file maps names to values`);
  return Object.fromEntries(Object.entries(data).map(([name, v]) => [name, (Array.isArray(v) ? v : [v]).map(String)]));
}
