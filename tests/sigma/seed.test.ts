// The seed rule on its 47 hand-checked cases (../shared/data/smtp), decided by both engines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bothEngines, ENGINES, sharedData, sharedRules } from '../support.js';

interface Case { name: string; expect: boolean; expect_if_logsource_ignored?: boolean; event: Record<string, unknown> }

const cases: Case[] = readFileSync(join(sharedData, 'smtp', 'cases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const rule = { file: 'seed.yml', text: readFileSync(join(sharedRules, 'net_connection_win_susp_outbound_smtp_connections.yml'), 'utf8') };

describe('seed rule: Suspicious Outbound SMTP Connections', async () => {
  const routed = await bothEngines([rule]);
  const unrouted = await bothEngines([rule], { logsource: false });
  it('has 47 cases, 22 positive', () => {
    assert.equal(cases.length, 47);
    assert.equal(cases.filter((c) => c.expect).length, 22);
  });
  for (const kind of ENGINES) {
    describe(`${kind} engine`, () => {
      const hits = new Set(routed[kind].match(cases.map((c) => c.event as never)).map((m) => m.event));
      const hitsUnrouted = new Set(unrouted[kind].match(cases.map((c) => c.event as never)).map((m) => m.event));
      cases.forEach((c, i) => {
        it(`${c.name} → ${c.expect}`, () => assert.equal(hits.has(i), c.expect, c.name));
        if (c.expect_if_logsource_ignored !== undefined) {
          it(`${c.name} with logsource ignored → ${c.expect_if_logsource_ignored}`, () =>
            assert.equal(hitsUnrouted.has(i), c.expect_if_logsource_ignored));
        }
      });
    });
  }
});
