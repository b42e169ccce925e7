// The WASM engine: the kernel instance, the program in its memory, batches copied in per call.
import { BatchHeader, Route } from '../../assembly/opcodes.js';
import type { Program } from '../compile/bytecode.js';
import { readBatchHeader } from '../batch/pack.js';
import { channelWide, rulesByRoute } from '../batch/route.js';
import { byEventThenRule, type Match, type Matcher } from './matcher.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  alloc(size: number): number;
  loadProgram(ptr: number): number;
  run(batch: number, out: number, outCapacity: number, start: number): number;
  matches(): number;
}

/** Pairs the output region holds per call; a call stops early rather than overflow it. */
const OUTPUT_PAIRS = 1 << 16;

export class WasmMatcher implements Matcher {
  private readonly kernel: KernelExports;
  private readonly out: number;
  private readonly outPairs: number;
  private batchPtr = 0;
  private batchCapacity = 0;
  /** Route keys the program reads (all of them when some rule has no route). */
  private readonly routeKeys: Map<number, number[]>;
  private readonly readsEveryRoute: boolean;

  constructor(module: WebAssembly.Module, program: Program) {
    // Regular expressions run here, called by the kernel for the events that reach them.
    const regexes = program.regexes.map((r) => new RegExp(r.source, r.flags));
    const decoder = new TextDecoder();
    const regex = (id: number, ptr: number, length: number) =>
      (regexes[id].test(decoder.decode(new Uint8Array(this.kernel.memory.buffer, ptr, length))) ? 1 : 0);
    this.kernel = new WebAssembly.Instance(module, { env: { regex } }).exports as unknown as KernelExports;
    const k = this.kernel;
    const ptr = k.alloc(program.bytes.length);
    new Uint8Array(k.memory.buffer, ptr, program.bytes.length).set(program.bytes);
    if (k.loadProgram(ptr) !== 0) throw new Error('the kernel refused the program');
    this.outPairs = Math.max(OUTPUT_PAIRS, program.rules.length * 4);
    this.out = k.alloc(this.outPairs * 8);
    this.routeKeys = rulesByRoute(program.rules);
    this.readsEveryRoute = this.routeKeys.has(Route.ANY);
  }

  /** Room for a batch of `size` bytes in linear memory; grows geometrically, so old space stays bounded. */
  batchBuffer(size: number): Uint8Array {
    if (size > this.batchCapacity) {
      this.batchCapacity = Math.max(size, this.batchCapacity * 2);
      this.batchPtr = this.kernel.alloc(this.batchCapacity);
    }
    return new Uint8Array(this.kernel.memory.buffer, this.batchPtr, size);
  }

  /** Copy into linear memory only what the kernel will read: header, directory, and the entries and payload of routes the program reads. */
  matchBatch(batch: Uint8Array): Match[] {
    const { entriesOffset, routes } = readBatchHeader(batch);
    const memory = this.batchBuffer(batch.length);
    memory.set(batch.subarray(0, entriesOffset));
    for (const g of routes) {
      if (!this.readsEveryRoute && !this.routeKeys.has(g.key) && !this.routeKeys.has(channelWide(g.key))) continue;
      const entries = entriesOffset + g.first * BatchHeader.ENTRY_BYTES;
      memory.set(batch.subarray(entries, entries + g.count * BatchHeader.ENTRY_BYTES), entries);
      memory.set(batch.subarray(g.payloadStart, g.payloadEnd), g.payloadStart);
    }
    return this.matchAt(this.batchPtr);
  }

  /** Copy a batch into memory of its own, to be matched in place many times (benchmarks, replays). */
  resident(batch: Uint8Array): number {
    readBatchHeader(batch);
    const ptr = this.kernel.alloc(batch.length);
    new Uint8Array(this.kernel.memory.buffer, ptr, batch.length).set(batch);
    return ptr;
  }

  /** Match the batch already in linear memory at `ptr` (batchBuffer() or resident()). */
  matchAt(ptr: number): Match[] {
    const k = this.kernel;
    const count = new DataView(k.memory.buffer, ptr).getUint32(BatchHeader.EVENT_COUNT, true);
    const out: Match[] = [];
    let next = 0;
    do {
      const start = next;
      next = k.run(ptr, this.out, this.outPairs, start);
      if (next <= start && start < count) throw new Error(`kernel made no progress at event ${start}`);
      const n = k.matches();
      const pairs = new Uint32Array(k.memory.buffer, this.out, n * 2);
      for (let i = 0; i < n; i++) out.push({ event: pairs[i * 2], rule: pairs[i * 2 + 1] });
    } while (next < count);
    return out.sort(byEventThenRule);
  }
}

/** The kernel's bytes, from the package's build folder (Node: file; browser: fetch). */
export async function loadKernelModule(): Promise<WebAssembly.Module> {
  const url = new URL('../../../build/kernel.wasm', import.meta.url);
  const bytes = url.protocol === 'file:'
    ? await (await import('node:fs/promises')).readFile(url)
    : new Uint8Array(await (await fetch(url)).arrayBuffer());
  return WebAssembly.compile(bytes);
}
