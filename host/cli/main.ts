// The `sigwasm` command line.
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { compileRules } from '../compile/compile.js';
import { disassemble } from '../compile/disasm.js';
import { predicates, printExpr } from '../compile/ir.js';
import { formatDiagnostic, type Diagnostic } from '../sigma/model.js';
import { loadPlaceholders, loadRuleSources } from './rules.js';
import { reportDiagnostics } from './diagnostics.js';
import { dump } from './dump.js';
import { scan } from './scan.js';

const VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

/** Write, waiting for the stream to drain when it is full: memory stays bounded behind a slow reader. */
const write = (stream: NodeJS.WriteStream) => (text: string): Promise<void> | void => {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', resolve));
};

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  // `sigwasm scan ... | head` closes stdout early: that is a normal end, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
  const program = new Command('sigwasm')
    .version(VERSION)
    .description('Sigma rules compiled to bytecode, matched by a WebAssembly kernel over packed event batches')
    .showHelpAfterError();

  program.command('scan')
    .description('match rules against event logs (JSON lines, plain, .gz, .zip, .tar.gz; directories recursively)')
    .requiredOption('-r, --rules <path>', 'a rule file or directory (repeat for more)', collect, [])
    .argument('<inputs...>', 'log files or directories')
    .addOption(new Option('-e, --engine <engine>', 'matching engine').choices(['wasm', 'js']).default('wasm'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['jsonl', 'table']).default('jsonl'))
    .option('--no-logsource', 'evaluate every rule against every event, ignoring logsource routing')
    .option('--batch-size <n>', 'events per packed batch', positiveInt, 2048)
    .option('--no-progress', 'no progress bar (it only shows on a terminal anyway)')
    .option('-v, --verbose', 'list every rule warning, not counts')
    .option('--placeholders <file>', 'YAML file of values for %placeholders% (expand modifier)')
    .action(async (inputs: string[], o) => {
      const summary = await scan({
        rules: o.rules, inputs, engine: o.engine, logsource: o.logsource, format: o.format,
        batchSize: o.batchSize, progress: o.progress && Boolean(process.stderr.isTTY), verbose: Boolean(o.verbose), placeholders: o.placeholders,
      }, write(process.stdout), write(process.stderr));
      if (summary.rules === 0 || summary.files === 0) code = 2;
      else if (summary.rulesDiagnosed || summary.filesSkipped || summary.filesDamaged || summary.eventsSkipped) code = 1;
    });

  program.command('dump')
    .description('print every event of the inputs (.evtx, JSON lines, archives) as one JSON line of flat fields with _file, _chunk, _record')
    .argument('<files...>', 'log files or directories')
    .action(async (files: string[]) => {
      const summary = await dump(files, write(process.stdout), write(process.stderr));
      if (summary.files === 0) code = 2;
      else if (summary.problems) code = 1;
    });

  program.command('explain')
    .description('show how rules compile: the IR of each rule and the bytecode')
    .argument('<rules...>', 'rule files or directories')
    .option('--bytecode', 'print only the disassembled bytecode')
    .option('--no-logsource', 'compile without logsource routing')
    .option('--placeholders <file>', 'YAML file of values for %placeholders% (expand modifier)')
    .action(async (paths: string[], o) => {
      const diagnostics: Diagnostic[] = [];
      const c = compileRules(await loadRuleSources(paths, diagnostics), { logsource: o.logsource, placeholders: await loadPlaceholders(o.placeholders) });
      for (const d of [...diagnostics, ...c.diagnostics]) process.stderr.write(formatDiagnostic(d) + '\n');
      if (!o.bytecode) for (const r of c.rules) process.stdout.write(`${r.title} [${r.id}]\n  ${printExpr(r.expr)}\n`);
      process.stdout.write(disassemble(c.program.bytes, c.rules.map((r) => r.title), c.program.regexes));
      if (c.rules.length === 0) code = 2;
    });

  program.command('check')
    .description('compile every rule and list the ones that cannot compile (exit 1 if any)')
    .argument('<rules...>', 'rule files or directories')
    .option('-v, --verbose', 'list every rule warning, not counts')
    .option('--placeholders <file>', 'YAML file of values for %placeholders% (expand modifier)')
    .action(async (paths: string[], o) => {
      const diagnostics: Diagnostic[] = [];
      const c = compileRules(await loadRuleSources(paths, diagnostics), { placeholders: await loadPlaceholders(o.placeholders) });
      const n = reportDiagnostics([...diagnostics, ...c.diagnostics], (line) => process.stdout.write(line + '\n'), Boolean(o.verbose));
      // The kernel runs everything but regular expressions, which it hands to the host per event.
      const fallback = c.rules.filter((r) => [...predicates(r.expr)].some((p) => p.kind === 'regex'));
      if (o.verbose) for (const r of fallback) process.stdout.write(`${r.file} [${r.id}]: host fallback: regular expressions run in the host\n`);
      if (fallback.length) process.stdout.write(`host fallback: ${fallback.length} rules have regular expressions the host runs for the kernel${o.verbose ? '' : ' (--verbose lists them)'}\n`);
      process.stdout.write(`rules ${c.rules.length + n.errors + n.crashes}, compiled ${c.rules.length}, diagnosed ${n.errors}, crashed ${n.crashes}\n`);
      if (n.errors || n.crashes) code = 1;
    });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.stderr.write(`sigwasm: ${(e as Error).stack ?? e}\n`);
    return 70;
  }
  return code;
}
