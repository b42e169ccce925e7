// Paths to the shared read-only data beside the repo. The compiled test runs from dist/tests/io,
// so the repo root is found by walking up to the first directory holding package.json.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

/** Absolute path of a file under /work/shared/data (given relative to that folder). */
export function dataPath(rel: string): string {
  return join(repoRoot(), '..', 'shared', 'data', rel);
}
