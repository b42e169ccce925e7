// The seed rule's bytecode, as the disassembler reads it from the program bytes, against a
// hand-checked snapshot (tests/compile/seed.bytecode.txt). UPDATE_SNAPSHOTS=1 rewrites it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Op } from '../../assembly/opcodes.js';
import { encodeGlob, OPERANDS } from '../../host/compile/bytecode.js';
import { compileRules } from '../../host/compile/compile.js';
import { disassemble } from '../../host/compile/disasm.js';
import { parseWildcards } from '../../host/sigma/values.js';
import { repoRoot, sharedRules } from '../support.js';

const snapshotFile = join(repoRoot, 'tests', 'compile', 'seed.bytecode.txt');

describe('bytecode', () => {
  it('the seed rule disassembles to the snapshot', () => {
    const text = readFileSync(join(sharedRules, 'net_connection_win_susp_outbound_smtp_connections.yml'), 'utf8');
    const c = compileRules([{ file: 'seed.yml', text }]);
    const listing = disassemble(c.program.bytes, c.rules.map((r) => r.title));
    if (process.env.UPDATE_SNAPSHOTS) writeFileSync(snapshotFile, listing);
    assert.equal(listing, readFileSync(snapshotFile, 'utf8'));
  });

  it('every opcode has an operand list', () => {
    const ops = Object.values(Op).filter((v): v is number => typeof v === 'number');
    assert.deepEqual(ops.filter((op) => !(op in OPERANDS)), []);
  });

  it('globs encode wildcards as escape pairs and escape a literal zero byte', () => {
    assert.deepEqual([...encodeGlob(parseWildcards('a*b?'))], [97, 0, 1, 98, 0, 2]);
    assert.deepEqual([...encodeGlob(['\0'])], [0, 0]);
  });
});
