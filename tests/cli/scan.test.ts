// The sigwasm command as a user runs it: real files in, JSON lines out, problems on stderr.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot, sharedData, sharedRules } from '../support.js';

const bin = join(repoRoot, 'bin', 'sigwasm.js');
const smtpEvents = join(sharedData, 'smtp', 'events.jsonl');
const expectedLines: number[] = JSON.parse(readFileSync(join(sharedData, 'smtp', 'expected.json'), 'utf8'));

async function sigwasm(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { maxBuffer: 1 << 26 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}
const matchLines = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).line as number);

describe('sigwasm scan', () => {
  for (const engine of ['wasm', 'js']) {
    it(`reports exactly the expected lines of the SMTP events (${engine})`, async () => {
      const r = await sigwasm('scan', '--engine', engine, '--rules', sharedRules, smtpEvents);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(matchLines(r.stdout), expectedLines);
      const first = JSON.parse(r.stdout.split('\n')[0]);
      assert.equal(first.rule_id, '9976fa64-2804-423c-8a5b-646ade840773');
      assert.equal(first.title, 'Suspicious Outbound SMTP Connections');
      assert.equal(first.level, 'medium');
      assert.equal(first.file, smtpEvents);
      assert.match(r.stderr, /events: 47 read, 0 skipped, 22 matched \(22 matches\)/);
    });
  }

  it('a malformed rule is reported per rule and the others still run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-rules-'));
    copyFileSync(join(sharedRules, 'net_connection_win_susp_outbound_smtp_connections.yml'), join(dir, 'seed.yml'));
    writeFileSync(join(dir, 'broken.yml'), 'title: broken\nid: broken-1\ndetection:\n  sel:\n    Image|endswitch: x\n  condition: sel\n');
    writeFileSync(join(dir, 'not-yaml.yml'), 'title: [unclosed\n');
    const r = await sigwasm('scan', '--rules', dir, smtpEvents);
    assert.equal(r.code, 1);
    assert.deepEqual(matchLines(r.stdout), expectedLines);
    assert.match(r.stderr, /broken\.yml:5 \[broken-1\]: error at detection\.sel\.Image\|endswitch: unknown modifier "endswitch"/);
    assert.match(r.stderr, /not-yaml\.yml:\d+: error: YAML: /);
    assert.match(r.stderr, /rules: 1 compiled, 2 rejected/);
  });

  it('a bad JSON line is reported with file:line, skipped and counted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-logs-'));
    const lines = readFileSync(smtpEvents, 'utf8').trim().split('\n');
    lines.splice(2, 0, '{"EventID": 3, "Image": broken');
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await sigwasm('scan', '--rules', sharedRules, file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.\\]/g, '\\$&')}:3: invalid JSON`));
    assert.match(r.stderr, /events: 47 read, 1 skipped, 22 matched/);
    // Lines after the bad one moved down by one.
    assert.deepEqual(matchLines(r.stdout), expectedLines.map((l) => (l >= 3 ? l + 1 : l)));
  });

  it('a missing input is reported and the other inputs are still scanned', async () => {
    const r = await sigwasm('scan', '--rules', sharedRules, '/no/such/file.jsonl', smtpEvents);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\/no\/such\/file\.jsonl: no such file or directory/);
    assert.match(r.stderr, /inputs: 1 files read, 1 skipped/);
    assert.deepEqual(matchLines(r.stdout), expectedLines);
  });

  it('reads JSON lines from standard input as -', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [bin, 'scan', '--rules', sharedRules, '-'], { input: readFileSync(smtpEvents), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(matchLines(r.stdout), expectedLines);
  });

  it('an EVTX file cut at a chunk boundary is read in part and reported (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-cut-'));
    const whole = readFileSync(join(sharedData, 'evtx-samples', 'security.evtx'));
    writeFileSync(join(dir, 'cut.evtx'), whole.subarray(0, 4096 + 3 * 65536));
    const r = await sigwasm('scan', '--rules', sharedRules, join(dir, 'cut.evtx'));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cut\.evtx: file ends after 3 of the 26 chunks its header declares: truncated/);
    assert.match(r.stderr, /inputs: 1 files read \(1 in part: see the problems above\), 0 skipped/);
  });

  it('says when no input file was found (exit 2)', async () => {
    const r = await sigwasm('scan', '--rules', sharedRules, mkdtempSync(join(tmpdir(), 'sigwasm-empty-')));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no input files found in /);
  });

  it('reads directories recursively and archives inside them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-tree-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    copyFileSync(smtpEvents, join(dir, 'a', 'b', 'smtp.jsonl'));
    const r = await sigwasm('scan', '--rules', sharedRules, dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(matchLines(r.stdout), expectedLines);
  });
});

describe('sigwasm explain and check', () => {
  it('explain --bytecode prints the disassembly', async () => {
    const r = await sigwasm('explain', '--bytecode', join(sharedRules, 'net_connection_win_susp_outbound_smtp_connections.yml'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(join(repoRoot, 'tests', 'compile', 'seed.bytecode.txt'), 'utf8'));
  });

  it('check ends with one summary line, exit 0 when every rule compiles', async () => {
    const r = await sigwasm('check', sharedRules);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim().split('\n').pop(), 'rules 1, compiled 1, diagnosed 0, crashed 0');
  });

  it('check exits 1 when a rule is diagnosed, and takes placeholder values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-check-'));
    writeFileSync(join(dir, 'expand.yml'), 'title: x\nid: x-1\nlogsource: {product: windows, category: process_creation}\ndetection:\n  sel:\n    User|expand: "%admins%"\n  condition: sel\n');
    const without = await sigwasm('check', dir);
    assert.equal(without.code, 1);
    assert.match(without.stdout, /expand\.yml:6 \[x-1\]: error at detection\.sel\.User\|expand: expand: placeholder %admins% has no values/);
    assert.equal(without.stdout.trim().split('\n').pop(), 'rules 1, compiled 0, diagnosed 1, crashed 0');
    writeFileSync(join(dir, 'values.yaml.txt'), 'admins: [Administrator, root]\n');
    const withValues = await sigwasm('check', '--placeholders', join(dir, 'values.yaml.txt'), dir);
    assert.equal(withValues.code, 0, withValues.stdout);
  });

  it('warnings are counted, and listed with --verbose', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwasm-warn-'));
    writeFileSync(join(dir, 'linux.yml'), 'title: x\nid: x-1\nlogsource: {product: linux, category: process_creation}\ndetection:\n  sel:\n    Image: a\n  condition: sel\n');
    const r = await sigwasm('check', dir);
    assert.match(r.stdout, /^warning: not evaluated \(1 rule; --verbose lists them\)$/m);
    const v = await sigwasm('check', '--verbose', dir);
    assert.match(v.stdout, /linux\.yml:1 \[x-1\]: warning at logsource: not evaluated: the logsource is not in the routing table/);
  });
});
