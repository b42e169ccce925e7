// The logsource table against SigmaHQ's own (../shared/data/sigma/tests/thor.yml): every Windows
// service and category there routes here to the same channels, EventIDs, conditions and mappings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CATEGORIES, SERVICES } from '../../host/sigma/logsource-table.js';
import { routingFor } from '../../host/sigma/logsource.js';
import { channelRoute, routeKey } from '../../host/batch/route.js';
import { sharedData } from '../support.js';

interface ThorSource { category?: string; product?: string; service?: string; sources?: string[]; conditions?: Record<string, unknown>; rewrite?: { product?: string; service?: string }; fieldmappings?: Record<string, string> }
const thor: Record<string, ThorSource> = parse(readFileSync(join(sharedData, 'sigma', 'tests', 'thor.yml'), 'utf8')).logsources;
const windows = Object.values(thor).filter((s) => s.product === 'windows' || s.rewrite?.product === 'windows');

describe('logsource table', () => {
  it('has every Windows service with its channels', () => {
    const services = windows.filter((s) => s.service && s.sources);
    assert.ok(services.length > 40);
    for (const s of services) assert.deepEqual(SERVICES[s.service!], s.sources!.map((x) => x.replace(/^WinEventLog:/, '')), s.service);
  });
  it('has every Windows category source with its EventIDs, conditions and field mappings', () => {
    const sources = windows.filter((s) => s.category && s.rewrite);
    assert.ok(sources.length > 40);
    for (const s of sources) {
      const { EventID, ...rest } = s.conditions ?? {};
      const want = { service: s.rewrite!.service, eventIds: [EventID].flat(), ...(Object.keys(rest).length ? { conditions: rest } : {}), ...(s.fieldmappings ? { fieldMappings: s.fieldmappings } : {}) };
      assert.ok(CATEGORIES[s.category!]?.some((c) => JSON.stringify(c) === JSON.stringify(want)), `${s.category}: ${JSON.stringify(want)}`);
    }
  });
  it('routes categories to their EventIDs and services to whole channels', () => {
    assert.deepEqual(routingFor({ product: 'windows', category: 'network_connection' })?.keys, [routeKey('Microsoft-Windows-Sysmon/Operational', 3)]);
    assert.deepEqual(routingFor({ product: 'windows', category: 'process_creation' })?.keys, [routeKey('Microsoft-Windows-Sysmon/Operational', 1), routeKey('Security', 4688)]);
    assert.deepEqual(routingFor({ product: 'windows', service: 'security' })?.keys, [channelRoute('Security')]);
    assert.equal(channelRoute('Security') & 0xffff, 0xfffe);
    assert.equal(routingFor({ product: 'windows' }), undefined);
    assert.equal(routingFor({ product: 'linux', category: 'process_creation' }), undefined);
  });
});
