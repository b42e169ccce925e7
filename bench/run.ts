// `npm run bench`: the seed-rule matching bench, then the EVTX reader bench, each in its own
// process (so neither warms the other). With --json, one document: the seed bench's keys, plus
// `evtx` holding the EVTX bench's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const json = process.argv.includes('--json');
const run = (script: string) => {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...(json ? ['--json'] : [])], {
    stdio: json ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status})`);
  return json ? JSON.parse(r.stdout) : undefined;
};
const seed = run('./seed.bench.js');
if (!json) console.log();
const evtx = run('./evtx.bench.js');
if (json) console.log(JSON.stringify({ ...seed, evtx }, null, 2));
