// The WASM engine: the kernel instance, the program in its memory, batches copied in per call.
import type { Program } from '../compile/bytecode.js';
import { readBatchHeader } from '../batch/pack.js';
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

  constructor(module: WebAssembly.Module, program: Program) {
    this.kernel = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    const k = this.kernel;
    const ptr = k.alloc(program.bytes.length);
    new Uint8Array(k.memory.buffer, ptr, program.bytes.length).set(program.bytes);
    if (k.loadProgram(ptr) !== 0) throw new Error('the kernel refused the program');
    this.outPairs = Math.max(OUTPUT_PAIRS, program.rules.length * 4);
    this.out = k.alloc(this.outPairs * 8);
  }

  /** Room for a batch of `size` bytes in linear memory; grows geometrically, so old space stays bounded. */
  batchBuffer(size: number): Uint8Array {
    if (size > this.batchCapacity) {
      this.batchCapacity = Math.max(size, this.batchCapacity * 2);
      this.batchPtr = this.kernel.alloc(this.batchCapacity);
    }
    return new Uint8Array(this.kernel.memory.buffer, this.batchPtr, size);
  }

  matchBatch(batch: Uint8Array): Match[] {
    readBatchHeader(batch);
    this.batchBuffer(batch.length).set(batch);
    return this.matchInPlace(batch.length);
  }

  /** Match the batch already written into batchBuffer(). */
  matchInPlace(size: number): Match[] {
    const k = this.kernel;
    const view = new DataView(k.memory.buffer, this.batchPtr, size);
    const count = view.getUint32(8, true);
    const out: Match[] = [];
    let next = 0;
    do {
      const start = next;
      next = k.run(this.batchPtr, this.out, this.outPairs, start);
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
