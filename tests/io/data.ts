// Paths to the shared read-only data beside the repo (../shared/data).
import { join } from 'node:path';
import { sharedData } from '../support.js';

/** Absolute path of a file under ../shared/data (given relative to that folder). */
export function dataPath(rel: string): string {
  return join(sharedData, rel);
}
